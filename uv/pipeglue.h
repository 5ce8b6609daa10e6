/*
 * uvgo's C side of Unix-domain sockets (uv_pipe_t). The handle itself is
 * made by uvgo_handle_new (glue.c, UVGO_PIPE) and driven by glue.c's
 * stream functions like a TCP handle; this file adds what only a pipe
 * has: binding to a path, connecting to one, and the names. The boundary
 * protocol is glue.h's: the connect request lives in C memory and its
 * callback calls one exported Go function with (loop id, handle id,
 * status). Paths are copied by the callee (libuv keeps its own copy of a
 * bound name), so Go frees its C string as soon as the call returns.
 */
#ifndef UVGO_PIPEGLUE_H
#define UVGO_PIPEGLUE_H

#include "glue.h"

int uvgo_pipe_bind(uv_handle_t *h, const char *name);
int uvgo_pipe_connect(uv_handle_t *h, const char *name);
/* Writes the bound (peer = 0) or peer (peer = 1) path into buf, which has
 * room for *len bytes, and sets *len to its length (0 for an unnamed
 * end). Returns 0 or a libuv error (UV_ENOBUFS when buf is too small). */
int uvgo_pipe_name(uv_handle_t *h, int peer, char *buf, size_t *len);

#endif
