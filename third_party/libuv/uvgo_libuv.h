/* uvgo build glue for libuv: the one header every uvgo C file includes
 * instead of <uv.h>. It pins the libuv series the project is written and
 * tested against, so a build on an unexpected libuv fails at compile time
 * with a clear message instead of misbehaving at run time. */
#ifndef UVGO_LIBUV_H
#define UVGO_LIBUV_H

#include <uv.h>

#define UVGO_LIBUV_PINNED "1.44.2"

#if UV_VERSION_MAJOR != 1
#error "uvgo needs libuv 1.x (Debian's libuv1-dev); run 'make deps'"
#endif
#if UV_VERSION_MINOR < 44
#error "uvgo needs libuv >= 1.44 (Debian 12's libuv1-dev 1.44.2); run 'make deps'"
#endif

#endif
