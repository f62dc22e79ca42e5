// Makes the compiler read forever (program_compiler_test): the sandbox's wall
// clock must end it.
#include "/dev/zero"
