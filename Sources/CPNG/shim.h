#ifndef TINYEMU_CPNG_SHIM_H
#define TINYEMU_CPNG_SHIM_H
#include <png.h>
#endif
