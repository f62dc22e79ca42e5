// Writes through a null pointer.
int main(void) {
  volatile int* volatile p = 0;
  *p = 42;
  return 0;
}
