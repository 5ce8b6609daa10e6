/* The C ceiling for uvgo's benchmarks: the least a server on the same
 * engines (libuv + llhttp) can do for GET /hello. It parses every request
 * with llhttp and, per read, answers each complete request with a prepared
 * response in one write. No routing, no Date refresh, no timers: what is
 * left when all of uvgo's Go work is taken away.
 *
 * usage: ceiling PORT   (prints "listening PORT") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>
#include <llhttp.h>

static const char RESPONSE[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Thu, 01 Jan 2026 00:00:00 GMT\r\n"
    "Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 14\r\n\r\nHello, World!\n";

typedef struct {
  uv_tcp_t tcp;
  llhttp_t parser;
  int done; /* complete requests in this read */
} conn_t;

static llhttp_settings_t settings;
static char slab[65536];
static uv_loop_t *loop;

static int on_message_complete(llhttp_t *p) {
  ((conn_t *)p->data)->done++;
  return 0;
}

static void alloc_cb(uv_handle_t *h, size_t sz, uv_buf_t *b) {
  (void)h; (void)sz;
  b->base = slab;
  b->len = sizeof(slab);
}

static void close_cb(uv_handle_t *h) { free(h); }

typedef struct { uv_write_t req; char data[]; } wreq_t;
static void write_cb(uv_write_t *r, int status) { (void)status; free(r); }

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {
  conn_t *c = (conn_t *)s;
  if (n < 0) { uv_close((uv_handle_t *)s, close_cb); return; }
  if (n == 0) return;
  c->done = 0;
  if (llhttp_execute(&c->parser, b->base, (size_t)n) != HPE_OK) { uv_close((uv_handle_t *)s, close_cb); return; }
  if (c->done > 0) {
    size_t len = sizeof(RESPONSE) - 1, total = len * (size_t)c->done;
    char stackbuf[16 * sizeof(RESPONSE)];
    char *out = total <= sizeof(stackbuf) ? stackbuf : malloc(total);
    uv_buf_t wb;
    int i, r;
    for (i = 0; i < c->done; i++) memcpy(out + len * (size_t)i, RESPONSE, len);
    wb = uv_buf_init(out, (unsigned)total);
    r = uv_try_write(s, &wb, 1);
    if (r < 0) r = 0;
    if ((size_t)r < total) {
      wreq_t *w = malloc(sizeof(*w) + total - (size_t)r);
      memcpy(w->data, out + r, total - (size_t)r);
      wb = uv_buf_init(w->data, (unsigned)(total - (size_t)r));
      uv_write(&w->req, s, &wb, 1, write_cb);
    }
    if (out != stackbuf) free(out);
  }
}

static void on_connection(uv_stream_t *server, int status) {
  conn_t *c;
  if (status < 0) return;
  c = calloc(1, sizeof(*c));
  uv_tcp_init(loop, &c->tcp);
  if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0) { uv_close((uv_handle_t *)&c->tcp, close_cb); return; }
  llhttp_init(&c->parser, HTTP_REQUEST, &settings);
  c->parser.data = c;
  uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb);
}

int main(int argc, char **argv) {
  uv_tcp_t server;
  struct sockaddr_in addr;
  int port = argc > 1 ? atoi(argv[1]) : 0, namelen;
  loop = uv_default_loop();
  llhttp_settings_init(&settings);
  settings.on_message_complete = on_message_complete;
  uv_tcp_init(loop, &server);
  uv_ip4_addr("127.0.0.1", port, &addr);
  if (uv_tcp_bind(&server, (struct sockaddr *)&addr, 0) != 0 || uv_listen((uv_stream_t *)&server, 511, on_connection) != 0) {
    fprintf(stderr, "ceiling: cannot listen\n");
    return 1;
  }
  namelen = sizeof(addr);
  uv_tcp_getsockname(&server, (struct sockaddr *)&addr, &namelen);
  printf("listening %d\n", ntohs(addr.sin_port));
  fflush(stdout);
  return uv_run(loop, UV_RUN_DEFAULT);
}
