/* uvgo's pipe glue: see pipeglue.h. */
#include "pipeglue.h"
#include "_cgo_export.h"

int uvgo_pipe_bind(uv_handle_t *h, const char *name) {
  return uv_pipe_bind((uv_pipe_t *)h, name);
}

static void uvgo_pipe_connect_cb(uv_connect_t *req, int status) {
  uv_handle_t *h = (uv_handle_t *)req->handle;
  uintptr_t lid = ((uvgo_loop_data *)h->loop->data)->id;
  uintptr_t hid = (uintptr_t)h->data;
  free(req);
  uvgoConnectCb(lid, hid, status);
}

/* uv_pipe_connect reports every failure, even a synchronous one, through
 * the callback on a later loop iteration, as Node's connect errors are. */
int uvgo_pipe_connect(uv_handle_t *h, const char *name) {
  uv_connect_t *req = malloc(sizeof(*req));
  if (req == NULL) return UV_ENOMEM;
  uv_pipe_connect(req, (uv_pipe_t *)h, name, uvgo_pipe_connect_cb);
  return 0;
}

int uvgo_pipe_name(uv_handle_t *h, int peer, char *buf, size_t *len) {
  return peer ? uv_pipe_getpeername((uv_pipe_t *)h, buf, len)
              : uv_pipe_getsockname((uv_pipe_t *)h, buf, len);
}
