/*
 * uvgo's C side of libuv requests: filesystem requests (uv_fs_t) run on
 * libuv's threadpool, and getaddrinfo (uv_getaddrinfo_t).
 *
 * The boundary protocol is glue.h's, applied to requests:
 *
 *  - Every request lives in C memory (malloc) together with the bytes it
 *    reads into or writes from, and with the loop id and the request id
 *    that Go gave it. C never holds a Go pointer: the request id is an
 *    integer key into Go's table of pending requests.
 *  - On completion libuv calls the C callback below, which calls exactly
 *    one exported Go function (fs_callbacks.go) with (loop id, request id,
 *    the request). Go looks the id up, takes it out of the table, recovers
 *    any panic and runs the Go callback, which may read the request's
 *    result (stat buffer, directory entries, bytes read) only during that
 *    call.
 *  - After Go returns, C cleans the request up (uv_fs_req_cleanup or
 *    uv_freeaddrinfo) and frees its memory. A request that libuv refused
 *    synchronously is freed at once and its error returned.
 */
#ifndef UVGO_FSGLUE_H
#define UVGO_FSGLUE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <netdb.h>
#include "uvgo_libuv.h"

/* A filesystem request and the bytes it reads into or writes from. */
typedef struct {
  uv_fs_t req;
  uintptr_t lid;  /* registry id of the Go Loop */
  uintptr_t rid;  /* key of the Go callback in the pending-request table */
  size_t len;     /* bytes in buf */
  char buf[];     /* read target or copy of the data to write */
} uvgo_fs_req;

/* The request's bytes (cgo cannot reach a flexible array member). */
static inline char *uvgo_fs_buf(uvgo_fs_req *r) { return r->buf; }

/* Filesystem operations by path or fd that take no buffer. */
enum {
  UVGO_FS_CLOSE = 1,
  UVGO_FS_STAT,
  UVGO_FS_LSTAT,
  UVGO_FS_FSTAT,
  UVGO_FS_UNLINK,
  UVGO_FS_RMDIR,
  UVGO_FS_MKDIR,
  UVGO_FS_SCANDIR,
  UVGO_FS_REALPATH,
  UVGO_FS_FTRUNCATE,
  UVGO_FS_FSYNC
};

int uvgo_fs_open(uv_loop_t *loop, uintptr_t rid, const char *path, int flags, int mode);
int uvgo_fs_simple(uv_loop_t *loop, uintptr_t rid, int op, const char *path,
                   int fd, int64_t arg);
int uvgo_fs_rename(uv_loop_t *loop, uintptr_t rid, const char *from, const char *to);
int uvgo_fs_read(uv_loop_t *loop, uintptr_t rid, int fd, size_t n, int64_t pos);
int uvgo_fs_write(uv_loop_t *loop, uintptr_t rid, int fd, const char *p, size_t n,
                  int64_t pos);

/* Reads the next directory entry of a completed scandir request: 0 and the
 * entry, or UV_EOF when there are no more. */
int uvgo_fs_scandir_next(uvgo_fs_req *r, const char **name, int *type);

/* getaddrinfo on the threadpool: family is AF_UNSPEC, AF_INET or AF_INET6;
 * flags are ai_flags hints. */
int uvgo_getaddrinfo(uv_loop_t *loop, uintptr_t rid, const char *node, int family,
                     int flags);

/* Reads one address of a getaddrinfo result: its family (4 or 6, 0 for
 * another family), 16 address bytes (4 used for IPv4) and the IPv6 scope. */
int uvgo_ai_addr(const struct addrinfo *ai, unsigned char *ip, uint32_t *scope);

#endif
