// Does not compile: enable_optimizations must refuse it with the compiler's message.
tv_tile_config choose_tile_size(int, int, int, const tv_device_info*) { return tiles_missing_here; }
