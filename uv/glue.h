/*
 * uvgo's C side of package uv.
 *
 * The boundary protocol, written once:
 *
 *  - C never holds a Go pointer. Every uv_loop_t, uv_*_t handle and request
 *    lives in C memory (malloc). handle->data holds an integer: the handle's
 *    slot in its loop's Go table and that slot's generation. loop->data points
 *    to a uvgo_loop_data (C memory) that holds the loop's registry id and the
 *    read slab.
 *  - libuv calls the C trampolines below; each one calls exactly one exported
 *    Go function with (loop id, handle id, plain values). The Go side looks the
 *    slot up, checks the object is still alive, recovers any panic and then
 *    runs Go code. A panic never unwinds through libuv's frames.
 *  - A handle's memory is freed here, in uvgo_close_cb, after Go has seen the
 *    close: it is never reused before libuv is done with it.
 *  - Reads land in one slab per loop (alloc/read pairs are sequential on a
 *    loop); Go sees the bytes only for the duration of the read callback.
 *  - Write requests carry a copy of the bytes libuv could not write at once,
 *    in the same malloc block as the uv_write_t, freed in the write callback.
 */
#ifndef UVGO_GLUE_H
#define UVGO_GLUE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "uvgo_libuv.h"

#define UVGO_SLAB_SIZE (64 * 1024)

/* The most bytes one write call takes (maxWriteChunk in Go, which splits
 * larger writes): every length fits libuv's unsigned int and the queued
 * size returned as an int stays positive. */
#define UVGO_MAX_WRITE ((size_t)1 << 30)

typedef struct {
  uintptr_t id;      /* registry id of the Go Loop */
  char *slab;        /* read buffer shared by the loop's streams */
  int slab_busy;     /* slab handed to libuv and not yet returned */
} uvgo_loop_data;

/* A read filter is C code that sees each read's bytes before Go does
 * (the HTTP binding parses there). It runs in the read callback, before
 * the one call into Go. */
typedef void (*uvgo_read_filter)(void *ctx, const char *buf, intptr_t nread);

/* Per-stream C data: the filter, if any. */
typedef struct {
  uvgo_read_filter filter;
  void *ctx;
} uvgo_stream_data;

void uvgo_read_lend(uv_handle_t *h, int on);
void uvgo_read_arm(uv_handle_t *h, char *buf);

/* Handle kinds as Go knows them (HandleKind). */
enum {
  UVGO_TIMER = 1,
  UVGO_IDLE,
  UVGO_PREPARE,
  UVGO_CHECK,
  UVGO_ASYNC,
  UVGO_TCP,
  UVGO_PIPE
};

/* Loops. */
uv_loop_t *uvgo_loop_new(uintptr_t id, int use_default, int *err);
int uvgo_loop_close(uv_loop_t *loop, int is_default);
uint64_t uvgo_now_update(uv_loop_t *loop);
uint64_t uvgo_idle_time(uv_loop_t *loop);
uint64_t uvgo_hrtime(void);

/* Handles. */
uv_handle_t *uvgo_handle_new(uv_loop_t *loop, int kind, uintptr_t hid, int *err);
void uvgo_close(uv_handle_t *h);
int uvgo_handle_info(uv_loop_t *loop, uintptr_t *ids, int *types,
                     unsigned char *flags, int cap);

int uvgo_timer_start(uv_handle_t *h, uint64_t timeout, uint64_t repeat);
int uvgo_idle_start(uv_handle_t *h);
int uvgo_prepare_start(uv_handle_t *h);
int uvgo_check_start(uv_handle_t *h);

/* TCP. */
int uvgo_tcp_bind(uv_handle_t *h, int family, const unsigned char *ip,
                  int port, uint32_t scope, int ipv6only, int reuseport);
int uvgo_tcp_connect(uv_handle_t *h, int family, const unsigned char *ip,
                     int port, uint32_t scope);
int uvgo_listen(uv_handle_t *h, int backlog);
int uvgo_read_start(uv_handle_t *h);
void uvgo_set_read_filter(uv_handle_t *h, uvgo_read_filter f, void *ctx);
int uvgo_try_write1(uv_handle_t *h, const char *p, size_t n);
int uvgo_write1(uv_handle_t *h, const char *p, size_t n);
int uvgo_write3(uv_handle_t *h, const char *a, size_t an, const char *b, size_t bn,
                const char *c, size_t cn);
int uvgo_writev(uv_handle_t *h, const uv_buf_t *bufs, int n);
int uvgo_writev_pinned(uv_handle_t *h, const uv_buf_t *bufs, int n);
int uvgo_shutdown(uv_handle_t *h);
int uvgo_tcp_name(uv_handle_t *h, int peer, int *family, unsigned char *ip,
                  int *port, uint32_t *scope);
int uvgo_tcp_keepalive(uv_handle_t *h, int enable, unsigned int delay);
int uvgo_fileno(uv_handle_t *h);

#endif
