/* uvgo build glue for llhttp: include this instead of "llhttp.h". It pins
 * the llhttp series uvgo's HTTP checks are written against (Debian's
 * node-llhttp 8.1.0); a different major version fails the build. */
#ifndef UVGO_LLHTTP_H
#define UVGO_LLHTTP_H

#include <llhttp.h>

#define UVGO_LLHTTP_PINNED "8.1.0"

#if LLHTTP_VERSION_MAJOR != 8
#error "uvgo's HTTP binding is written for llhttp 8.x (Debian's node-llhttp); run 'make deps'"
#endif

#endif
