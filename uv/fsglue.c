/* uvgo's glue for libuv requests (filesystem and getaddrinfo). See
 * fsglue.h for the boundary protocol. */
#include <netinet/in.h>
#include <sys/socket.h>
#include "fsglue.h"
#include "_cgo_export.h"

static inline uintptr_t loop_id(uv_loop_t *loop) {
  /* loop->data is glue.c's uvgo_loop_data, whose first field is the id. */
  return *(uintptr_t *)loop->data;
}

static uvgo_fs_req *fs_req_new(uv_loop_t *loop, uintptr_t rid, size_t len) {
  uvgo_fs_req *r = malloc(sizeof(*r) + len);
  if (r == NULL) return NULL;
  r->lid = loop_id(loop);
  r->rid = rid;
  r->len = len;
  return r;
}

static void fs_cb(uv_fs_t *req) {
  uvgo_fs_req *r = (uvgo_fs_req *)req;
  uvgoFsCb(r->lid, r->rid, r);
  uv_fs_req_cleanup(req);
  free(r);
}

/* Frees a request that libuv refused synchronously and passes the error on. */
static int fs_started(uvgo_fs_req *r, int rc) {
  if (rc < 0) {
    uv_fs_req_cleanup(&r->req);
    free(r);
  }
  return rc;
}

int uvgo_fs_open(uv_loop_t *loop, uintptr_t rid, const char *path, int flags, int mode) {
  uvgo_fs_req *r = fs_req_new(loop, rid, 0);
  if (r == NULL) return UV_ENOMEM;
  return fs_started(r, uv_fs_open(loop, &r->req, path, flags, mode, fs_cb));
}

int uvgo_fs_simple(uv_loop_t *loop, uintptr_t rid, int op, const char *path,
                   int fd, int64_t arg) {
  uvgo_fs_req *r = fs_req_new(loop, rid, 0);
  int rc = UV_EINVAL;
  if (r == NULL) return UV_ENOMEM;
  switch (op) {
  case UVGO_FS_CLOSE: rc = uv_fs_close(loop, &r->req, fd, fs_cb); break;
  case UVGO_FS_STAT: rc = uv_fs_stat(loop, &r->req, path, fs_cb); break;
  case UVGO_FS_LSTAT: rc = uv_fs_lstat(loop, &r->req, path, fs_cb); break;
  case UVGO_FS_FSTAT: rc = uv_fs_fstat(loop, &r->req, fd, fs_cb); break;
  case UVGO_FS_UNLINK: rc = uv_fs_unlink(loop, &r->req, path, fs_cb); break;
  case UVGO_FS_RMDIR: rc = uv_fs_rmdir(loop, &r->req, path, fs_cb); break;
  case UVGO_FS_MKDIR: rc = uv_fs_mkdir(loop, &r->req, path, (int)arg, fs_cb); break;
  case UVGO_FS_SCANDIR: rc = uv_fs_scandir(loop, &r->req, path, 0, fs_cb); break;
  case UVGO_FS_REALPATH: rc = uv_fs_realpath(loop, &r->req, path, fs_cb); break;
  case UVGO_FS_FTRUNCATE: rc = uv_fs_ftruncate(loop, &r->req, fd, arg, fs_cb); break;
  case UVGO_FS_FSYNC: rc = uv_fs_fsync(loop, &r->req, fd, fs_cb); break;
  default:
    free(r);
    return UV_EINVAL;
  }
  return fs_started(r, rc);
}

int uvgo_fs_rename(uv_loop_t *loop, uintptr_t rid, const char *from, const char *to) {
  uvgo_fs_req *r = fs_req_new(loop, rid, 0);
  if (r == NULL) return UV_ENOMEM;
  return fs_started(r, uv_fs_rename(loop, &r->req, from, to, fs_cb));
}

int uvgo_fs_read(uv_loop_t *loop, uintptr_t rid, int fd, size_t n, int64_t pos) {
  uvgo_fs_req *r = fs_req_new(loop, rid, n);
  uv_buf_t b;
  if (r == NULL) return UV_ENOMEM;
  b = uv_buf_init(r->buf, (unsigned int)n);
  return fs_started(r, uv_fs_read(loop, &r->req, fd, &b, 1, pos, fs_cb));
}

int uvgo_fs_write(uv_loop_t *loop, uintptr_t rid, int fd, const char *p, size_t n,
                  int64_t pos) {
  uvgo_fs_req *r = fs_req_new(loop, rid, n);
  uv_buf_t b;
  if (r == NULL) return UV_ENOMEM;
  if (n > 0) memcpy(r->buf, p, n);
  b = uv_buf_init(r->buf, (unsigned int)n);
  return fs_started(r, uv_fs_write(loop, &r->req, fd, &b, 1, pos, fs_cb));
}

int uvgo_fs_scandir_next(uvgo_fs_req *r, const char **name, int *type) {
  uv_dirent_t ent;
  int rc = uv_fs_scandir_next(&r->req, &ent);
  if (rc != 0) return rc;
  *name = ent.name;
  *type = (int)ent.type;
  return 0;
}

/* ---- getaddrinfo ---- */

typedef struct {
  uv_getaddrinfo_t req;
  uintptr_t lid, rid;
} uvgo_gai_req;

static void gai_cb(uv_getaddrinfo_t *req, int status, struct addrinfo *res) {
  uvgo_gai_req *r = (uvgo_gai_req *)req;
  uvgoGetaddrinfoCb(r->lid, r->rid, status, res);
  if (res != NULL) uv_freeaddrinfo(res);
  free(r);
}

int uvgo_getaddrinfo(uv_loop_t *loop, uintptr_t rid, const char *node, int family,
                     int flags) {
  struct addrinfo hints;
  int rc;
  uvgo_gai_req *r = malloc(sizeof(*r));
  if (r == NULL) return UV_ENOMEM;
  r->lid = loop_id(loop);
  r->rid = rid;
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = family;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = flags;
  rc = uv_getaddrinfo(loop, &r->req, gai_cb, node, NULL, &hints);
  if (rc < 0) free(r);
  return rc;
}

int uvgo_ai_addr(const struct addrinfo *ai, unsigned char *ip, uint32_t *scope) {
  *scope = 0;
  if (ai->ai_family == AF_INET && ai->ai_addr != NULL) {
    memcpy(ip, &((const struct sockaddr_in *)ai->ai_addr)->sin_addr, 4);
    return 4;
  }
  if (ai->ai_family == AF_INET6 && ai->ai_addr != NULL) {
    const struct sockaddr_in6 *a6 = (const struct sockaddr_in6 *)ai->ai_addr;
    memcpy(ip, &a6->sin6_addr, 16);
    *scope = a6->sin6_scope_id;
    return 6;
  }
  return 0;
}
