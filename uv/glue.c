/* uvgo's libuv glue: trampolines and small helpers. See glue.h for the
 * boundary protocol. */
#include <errno.h>
#include <malloc.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "glue.h"
#include "_cgo_export.h"

static inline uintptr_t lid_of(uv_handle_t *h) {
  return ((uvgo_loop_data *)h->loop->data)->id;
}
static inline uintptr_t hid_of(uv_handle_t *h) { return (uintptr_t)h->data; }

/* Large C allocations (the unsent rest of a big write) are mmapped and
 * go back to the system when freed. glibc otherwise raises its mmap
 * threshold after the first such free and serves the next ones from its
 * heap, which it keeps: a server that sent large responses to clients
 * that went away would hold that memory for good. Setting the threshold
 * fixes it at its default. */
__attribute__((constructor)) static void uvgo_malloc_init(void) {
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
}

/* ---- loops ---- */

uv_loop_t *uvgo_loop_new(uintptr_t id, int use_default, int *err) {
  uv_loop_t *loop;
  uvgo_loop_data *d = calloc(1, sizeof(*d));
  if (d == NULL) { *err = UV_ENOMEM; return NULL; }
  d->id = id;
  d->slab = malloc(UVGO_SLAB_SIZE);
  if (d->slab == NULL) { free(d); *err = UV_ENOMEM; return NULL; }
  if (use_default) {
    loop = uv_default_loop();
    if (loop == NULL) { free(d->slab); free(d); *err = UV_ENOMEM; return NULL; }
  } else {
    loop = malloc(sizeof(*loop));
    if (loop == NULL) { free(d->slab); free(d); *err = UV_ENOMEM; return NULL; }
    *err = uv_loop_init(loop);
    if (*err != 0) { free(loop); free(d->slab); free(d); return NULL; }
  }
  /* Idle-time accounting for event loop utilization. */
  uv_loop_configure(loop, UV_METRICS_IDLE_TIME);
  loop->data = d;
  *err = 0;
  return loop;
}

int uvgo_loop_close(uv_loop_t *loop, int is_default) {
  uvgo_loop_data *d = loop->data;
  int r = uv_loop_close(loop);
  if (r != 0) return r;
  free(d->slab);
  free(d);
  if (!is_default) free(loop);
  return 0;
}

uint64_t uvgo_now_update(uv_loop_t *loop) {
  uv_update_time(loop);
  return uv_now(loop);
}

uint64_t uvgo_idle_time(uv_loop_t *loop) { return uv_metrics_idle_time(loop); }

uint64_t uvgo_hrtime(void) { return uv_hrtime(); }

/* ---- handles ---- */

static void uvgo_handle_cb(uv_handle_t *h) { uvgoHandleCb(lid_of(h), hid_of(h)); }
static void uvgo_timer_cb(uv_timer_t *h) { uvgo_handle_cb((uv_handle_t *)h); }
static void uvgo_idle_cb(uv_idle_t *h) { uvgo_handle_cb((uv_handle_t *)h); }
static void uvgo_prepare_cb(uv_prepare_t *h) { uvgo_handle_cb((uv_handle_t *)h); }
static void uvgo_check_cb(uv_check_t *h) { uvgo_handle_cb((uv_handle_t *)h); }
static void uvgo_async_cb(uv_async_t *h) { uvgo_handle_cb((uv_handle_t *)h); }

uv_handle_t *uvgo_handle_new(uv_loop_t *loop, int kind, uintptr_t hid, int *err) {
  uv_handle_t *h = NULL;
  int r = UV_EINVAL;
  switch (kind) {
  case UVGO_TIMER:
    h = malloc(sizeof(uv_timer_t));
    if (h) r = uv_timer_init(loop, (uv_timer_t *)h);
    break;
  case UVGO_IDLE:
    h = malloc(sizeof(uv_idle_t));
    if (h) r = uv_idle_init(loop, (uv_idle_t *)h);
    break;
  case UVGO_PREPARE:
    h = malloc(sizeof(uv_prepare_t));
    if (h) r = uv_prepare_init(loop, (uv_prepare_t *)h);
    break;
  case UVGO_CHECK:
    h = malloc(sizeof(uv_check_t));
    if (h) r = uv_check_init(loop, (uv_check_t *)h);
    break;
  case UVGO_ASYNC:
    h = malloc(sizeof(uv_async_t));
    if (h) r = uv_async_init(loop, (uv_async_t *)h, uvgo_async_cb);
    break;
  case UVGO_TCP:
    /* A TCP handle carries a uvgo_stream_data right after it. */
    h = malloc(sizeof(uv_tcp_t) + sizeof(uvgo_stream_data));
    if (h) {
      memset((char *)h + sizeof(uv_tcp_t), 0, sizeof(uvgo_stream_data));
      r = uv_tcp_init(loop, (uv_tcp_t *)h);
    }
    break;
  case UVGO_PIPE: /* likewise, after a uv_pipe_t (see stream_data) */
    h = malloc(sizeof(uv_pipe_t) + sizeof(uvgo_stream_data));
    if (h) {
      memset((char *)h + sizeof(uv_pipe_t), 0, sizeof(uvgo_stream_data));
      r = uv_pipe_init(loop, (uv_pipe_t *)h, 0);
    }
    break;
  }
  if (h == NULL) { *err = UV_ENOMEM; return NULL; }
  if (r != 0) { free(h); *err = r; return NULL; }
  h->data = (void *)hid;
  *err = 0;
  return h;
}

/* The single close path: Go sees the close, then the memory goes. */
static void uvgo_close_cb(uv_handle_t *h) {
  uvgoCloseCb(lid_of(h), hid_of(h));
  free(h);
}

void uvgo_close(uv_handle_t *h) { uv_close(h, uvgo_close_cb); }

typedef struct {
  uintptr_t *ids;
  int *types;
  unsigned char *flags;
  int cap, n;
} walk_acc;

static void walk_cb(uv_handle_t *h, void *arg) {
  walk_acc *a = arg;
  if (a->n < a->cap) {
    a->ids[a->n] = hid_of(h);
    a->types[a->n] = h->type;
    a->flags[a->n] = (uv_is_active(h) ? 1 : 0) | (uv_has_ref(h) ? 2 : 0) |
                     (uv_is_closing(h) ? 4 : 0);
  }
  a->n++;
}

/* Lists the loop's handles; returns how many exist (may exceed cap). */
int uvgo_handle_info(uv_loop_t *loop, uintptr_t *ids, int *types,
                     unsigned char *flags, int cap) {
  walk_acc a = {ids, types, flags, cap, 0};
  uv_walk(loop, walk_cb, &a);
  return a.n;
}

int uvgo_timer_start(uv_handle_t *h, uint64_t timeout, uint64_t repeat) {
  return uv_timer_start((uv_timer_t *)h, uvgo_timer_cb, timeout, repeat);
}
int uvgo_idle_start(uv_handle_t *h) { return uv_idle_start((uv_idle_t *)h, uvgo_idle_cb); }
int uvgo_prepare_start(uv_handle_t *h) {
  return uv_prepare_start((uv_prepare_t *)h, uvgo_prepare_cb);
}
int uvgo_check_start(uv_handle_t *h) { return uv_check_start((uv_check_t *)h, uvgo_check_cb); }

/* ---- TCP ---- */

static int make_addr(struct sockaddr_storage *ss, int family, const unsigned char *ip,
                     int port, uint32_t scope) {
  memset(ss, 0, sizeof(*ss));
  if (family == 4) {
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    memcpy(&a->sin_addr, ip, 4);
    return 0;
  }
  if (family == 6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((uint16_t)port);
    a->sin6_scope_id = scope;
    memcpy(&a->sin6_addr, ip, 16);
    return 0;
  }
  return UV_EAFNOSUPPORT;
}

/* libuv 1.44 has no UV_TCP_REUSEPORT. When SO_REUSEPORT is asked for, make
 * sure the handle owns a socket (uv_tcp_init_ex semantics: create it for the
 * address family), set the option on its fd, then bind. */
int uvgo_tcp_bind(uv_handle_t *h, int family, const unsigned char *ip, int port,
                  uint32_t scope, int ipv6only, int reuseport) {
  struct sockaddr_storage ss;
  int r = make_addr(&ss, family, ip, port, scope);
  if (r != 0) return r;
  if (reuseport) {
    uv_os_fd_t fd;
    int one = 1;
    if (uv_fileno(h, &fd) != 0) {
      int s = socket(family == 4 ? AF_INET : AF_INET6,
                     SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (s < 0) return -errno;
      r = uv_tcp_open((uv_tcp_t *)h, s);
      if (r != 0) { close(s); return r; }
      fd = s;
    }
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0)
      return -errno;
  }
  return uv_tcp_bind((uv_tcp_t *)h, (struct sockaddr *)&ss,
                     ipv6only ? UV_TCP_IPV6ONLY : 0);
}

static void uvgo_connect_cb(uv_connect_t *req, int status) {
  uv_handle_t *h = (uv_handle_t *)req->handle;
  uintptr_t lid = lid_of(h), hid = hid_of(h);
  free(req);
  uvgoConnectCb(lid, hid, status);
}

int uvgo_tcp_connect(uv_handle_t *h, int family, const unsigned char *ip, int port,
                     uint32_t scope) {
  struct sockaddr_storage ss;
  uv_connect_t *req;
  int r = make_addr(&ss, family, ip, port, scope);
  if (r != 0) return r;
  req = malloc(sizeof(*req));
  if (req == NULL) return UV_ENOMEM;
  r = uv_tcp_connect(req, (uv_tcp_t *)h, (struct sockaddr *)&ss, uvgo_connect_cb);
  if (r != 0) free(req);
  return r;
}

static void uvgo_connection_cb(uv_stream_t *s, int status) {
  uvgoConnectionCb(lid_of((uv_handle_t *)s), hid_of((uv_handle_t *)s), status);
}

int uvgo_listen(uv_handle_t *h, int backlog) {
  return uv_listen((uv_stream_t *)h, backlog, uvgo_connection_cb);
}

/* Marks in uvgo_stream_data.filter for a stream whose reads land in
 * buffers Go lends (uvgo_read_lend): lending (Go is asked for a buffer
 * when a read is about to happen), armed (Go gave one: ctx, pinned by Go),
 * busy (the read is using it). */
static void uvgo_into_lazy(void *ctx, const char *buf, intptr_t n) { (void)ctx; (void)buf; (void)n; }
static void uvgo_into_armed(void *ctx, const char *buf, intptr_t n) { (void)ctx; (void)buf; (void)n; }
static void uvgo_into_busy(void *ctx, const char *buf, intptr_t n) { (void)ctx; (void)buf; (void)n; }

static inline uvgo_stream_data *stream_data(uv_handle_t *h);

static void uvgo_alloc_cb(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  uvgo_loop_data *d = h->loop->data;
  uvgo_stream_data *sd = stream_data(h);
  /* Go lends a buffer only when a read is about to happen, so an idle
   * stream holds none. */
  if (sd->filter == uvgo_into_lazy) uvgoAllocCb(lid_of(h), hid_of(h));
  if (sd->filter == uvgo_into_armed) {
    sd->filter = uvgo_into_busy;
    buf->base = sd->ctx;
    buf->len = UVGO_SLAB_SIZE;
    return;
  }
  if (!d->slab_busy) {
    d->slab_busy = 1;
    buf->base = d->slab;
    buf->len = UVGO_SLAB_SIZE;
    return;
  }
  /* Only if a read ever nests inside another read: a private buffer. */
  buf->base = malloc(suggested);
  buf->len = buf->base ? suggested : 0;
}

static inline uvgo_stream_data *stream_data(uv_handle_t *h) {
  size_t off = h->type == UV_NAMED_PIPE ? sizeof(uv_pipe_t) : sizeof(uv_tcp_t);
  return (uvgo_stream_data *)((char *)h + off);
}

void uvgo_set_read_filter(uv_handle_t *h, uvgo_read_filter f, void *ctx) {
  uvgo_stream_data *sd = stream_data(h);
  sd->filter = f;
  sd->ctx = ctx;
}

static void uvgo_read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf) {
  uv_handle_t *h = (uv_handle_t *)s;
  uvgo_loop_data *d = h->loop->data;
  uvgo_stream_data *sd = stream_data(h);
  char *base = buf->base;
  if (sd->filter == uvgo_into_busy) {
    /* Go's buffer goes back to Go with the read, used or not (nread 0:
     * nothing was there); the next read asks again. */
    sd->filter = uvgo_into_lazy;
    sd->ctx = NULL;
    uvgoReadCb(lid_of(h), hid_of(h), (intptr_t)nread, base);
    return;
  }
  /* nread == 0 is libuv's EAGAIN: nothing to parse or deliver. */
  if (nread != 0) {
    if (sd->filter != NULL) sd->filter(sd->ctx, base, (intptr_t)nread);
    uvgoReadCb(lid_of(h), hid_of(h), (intptr_t)nread, base);
  }
  if (base == d->slab) d->slab_busy = 0;
  else if (base != NULL) free(base);
}

/* Lending on (on != 0): each read of h asks Go for a buffer first
 * (uvgoAllocCb, which may arm one with uvgo_read_arm); off: reads land in
 * the slab again, and a buffer armed and not used is forgotten (Go takes
 * it back). Not with a read filter. */
void uvgo_read_lend(uv_handle_t *h, int on) {
  uvgo_stream_data *sd = stream_data(h);
  if (on) {
    if (sd->filter == NULL) sd->filter = uvgo_into_lazy;
    return;
  }
  if (sd->filter == uvgo_into_lazy || sd->filter == uvgo_into_armed) {
    sd->filter = NULL;
    sd->ctx = NULL;
  }
}

/* From uvgoAllocCb: the coming read lands in buf (UVGO_SLAB_SIZE bytes of
 * Go memory, pinned by Go until the read callback gives it back). */
void uvgo_read_arm(uv_handle_t *h, char *buf) {
  uvgo_stream_data *sd = stream_data(h);
  if (sd->filter == uvgo_into_lazy) {
    sd->filter = uvgo_into_armed;
    sd->ctx = buf;
  }
}

int uvgo_read_start(uv_handle_t *h) {
  return uv_read_start((uv_stream_t *)h, uvgo_alloc_cb, uvgo_read_cb);
}

int uvgo_try_write1(uv_handle_t *h, const char *p, size_t n) {
  uv_buf_t b;
  if (n > UVGO_MAX_WRITE) return UV_E2BIG;
  b = uv_buf_init((char *)p, (unsigned int)n);
  return uv_try_write((uv_stream_t *)h, &b, 1);
}

typedef struct {
  uv_write_t req;
  char data[];
} uvgo_write_req;

static void uvgo_write_cb(uv_write_t *req, int status) {
  uv_handle_t *h = (uv_handle_t *)req->handle;
  uintptr_t lid = lid_of(h), hid = hid_of(h);
  free(req);
  uvgoWriteCb(lid, hid, status);
}

/* Queues bufs, minus the first skip bytes, as one write of a C copy. */
static int write_copy(uv_handle_t *h, const uv_buf_t *bufs, int n, size_t skip) {
  size_t total = 0, off = 0;
  int i, r;
  uvgo_write_req *w;
  uv_buf_t b;
  for (i = 0; i < n; i++) total += bufs[i].len;
  w = malloc(sizeof(*w) + (total - skip));
  if (w == NULL) return UV_ENOMEM;
  for (i = 0; i < n; i++) {
    size_t len = bufs[i].len;
    const char *p = bufs[i].base;
    if (skip >= len) { skip -= len; continue; }
    p += skip;
    len -= skip;
    skip = 0;
    memcpy(w->data + off, p, len);
    off += len;
  }
  b = uv_buf_init(w->data, (unsigned int)off);
  r = uv_write(&w->req, (uv_stream_t *)h, &b, 1, uvgo_write_cb);
  if (r != 0) free(w);
  return r;
}

/* Writes what the kernel takes now (uv_try_write) and queues a C copy of
 * the rest. Returns 0 when everything was written, the number of bytes
 * queued when a write request was queued (its callback will run), or a
 * libuv error. The caller's memory is not used after this returns. */
int uvgo_writev(uv_handle_t *h, const uv_buf_t *bufs, int n) {
  size_t total = 0;
  int i, r;
  for (i = 0; i < n; i++) total += bufs[i].len;
  if (total > UVGO_MAX_WRITE) return UV_E2BIG; /* Go splits larger writes */
  r = uv_try_write((uv_stream_t *)h, bufs, (unsigned int)n);
  if (r == UV_EAGAIN || r == UV_ENOSYS) r = 0;
  if (r < 0) return r;
  if ((size_t)r == total) return 0;
  {
    size_t queued = total - (size_t)r;
    r = write_copy(h, bufs, n, (size_t)r);
    return r == 0 ? (int)queued : r;
  }
}

typedef struct {
  uv_write_t req;
  unsigned int n;
  uv_buf_t bufs[];
} uvgo_pinned_req;

/* Like uvgo_writev, but the rest is queued in place: the caller has pinned
 * the buffers and keeps them unchanged until the write callback. Only the
 * uv_buf_t array is copied (into the request). */
int uvgo_writev_pinned(uv_handle_t *h, const uv_buf_t *bufs, int n) {
  size_t total = 0, skip, queued;
  int i, r, k = 0;
  uvgo_pinned_req *w;
  for (i = 0; i < n; i++) total += bufs[i].len;
  if (total > UVGO_MAX_WRITE) return UV_E2BIG; /* Go splits larger writes */
  r = uv_try_write((uv_stream_t *)h, bufs, (unsigned int)n);
  if (r == UV_EAGAIN || r == UV_ENOSYS) r = 0;
  if (r < 0) return r;
  if ((size_t)r == total) return 0;
  skip = (size_t)r;
  queued = total - skip;
  w = malloc(sizeof(*w) + sizeof(uv_buf_t) * (size_t)n);
  if (w == NULL) return UV_ENOMEM;
  for (i = 0; i < n; i++) {
    if (skip >= bufs[i].len) { skip -= bufs[i].len; continue; }
    w->bufs[k] = uv_buf_init(bufs[i].base + skip, (unsigned int)(bufs[i].len - skip));
    skip = 0;
    k++;
  }
  w->n = (unsigned int)k;
  r = uv_write(&w->req, (uv_stream_t *)h, w->bufs, w->n, uvgo_write_cb);
  if (r != 0) { free(w); return r; }
  return (int)queued;
}

int uvgo_write1(uv_handle_t *h, const char *p, size_t n) {
  uv_buf_t b;
  if (n > UVGO_MAX_WRITE) return UV_E2BIG;
  b = uv_buf_init((char *)p, (unsigned int)n);
  return uvgo_writev(h, &b, 1);
}

int uvgo_write3(uv_handle_t *h, const char *a, size_t an, const char *b, size_t bn,
                const char *c, size_t cn) {
  uv_buf_t bufs[3];
  int n = 0;
  if (an > UVGO_MAX_WRITE || bn > UVGO_MAX_WRITE - an || cn > UVGO_MAX_WRITE - an - bn)
    return UV_E2BIG;
  if (an > 0) bufs[n++] = uv_buf_init((char *)a, (unsigned int)an);
  if (bn > 0) bufs[n++] = uv_buf_init((char *)b, (unsigned int)bn);
  if (cn > 0) bufs[n++] = uv_buf_init((char *)c, (unsigned int)cn);
  if (n == 0) return 0;
  return uvgo_writev(h, bufs, n);
}

static void uvgo_shutdown_cb(uv_shutdown_t *req, int status) {
  uv_handle_t *h = (uv_handle_t *)req->handle;
  uintptr_t lid = lid_of(h), hid = hid_of(h);
  free(req);
  uvgoShutdownCb(lid, hid, status);
}

int uvgo_shutdown(uv_handle_t *h) {
  uv_shutdown_t *req = malloc(sizeof(*req));
  int r;
  if (req == NULL) return UV_ENOMEM;
  r = uv_shutdown(req, (uv_stream_t *)h, uvgo_shutdown_cb);
  if (r != 0) free(req);
  return r;
}

int uvgo_tcp_name(uv_handle_t *h, int peer, int *family, unsigned char *ip, int *port,
                  uint32_t *scope) {
  struct sockaddr_storage ss;
  int len = sizeof(ss);
  int r = peer ? uv_tcp_getpeername((uv_tcp_t *)h, (struct sockaddr *)&ss, &len)
               : uv_tcp_getsockname((uv_tcp_t *)h, (struct sockaddr *)&ss, &len);
  if (r != 0) return r;
  if (ss.ss_family == AF_INET) {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    *family = 4;
    memcpy(ip, &a->sin_addr, 4);
    *port = ntohs(a->sin_port);
    *scope = 0;
  } else if (ss.ss_family == AF_INET6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    *family = 6;
    memcpy(ip, &a->sin6_addr, 16);
    *port = ntohs(a->sin6_port);
    *scope = a->sin6_scope_id;
  } else {
    return UV_EAFNOSUPPORT;
  }
  return 0;
}

int uvgo_tcp_keepalive(uv_handle_t *h, int enable, unsigned int delay) {
  return uv_tcp_keepalive((uv_tcp_t *)h, enable, delay);
}

int uvgo_fileno(uv_handle_t *h) {
  uv_os_fd_t fd;
  int r = uv_fileno(h, &fd);
  return r != 0 ? r : fd;
}
