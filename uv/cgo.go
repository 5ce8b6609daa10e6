//go:build cgo

package uv

/*
#cgo pkg-config: libuv-static
#cgo CFLAGS: -I${SRCDIR}/../third_party/libuv -O2 -Wall
#cgo noescape uvgo_now_update
#cgo nocallback uvgo_now_update
#cgo nocallback uvgo_idle_time
#cgo nocallback uvgo_hrtime
#cgo noescape uvgo_handle_new
#cgo nocallback uvgo_handle_new
#cgo nocallback uvgo_close
#cgo noescape uvgo_handle_info
#cgo nocallback uvgo_handle_info
#cgo nocallback uvgo_timer_start
#cgo nocallback uvgo_idle_start
#cgo nocallback uvgo_prepare_start
#cgo nocallback uvgo_check_start
#cgo noescape uvgo_tcp_bind
#cgo nocallback uvgo_tcp_bind
#cgo noescape uvgo_tcp_connect
#cgo nocallback uvgo_tcp_connect
#cgo nocallback uvgo_listen
#cgo nocallback uvgo_read_start
#cgo nocallback uvgo_set_read_filter
#cgo noescape uvgo_try_write1
#cgo nocallback uvgo_try_write1
#cgo noescape uvgo_write1
#cgo nocallback uvgo_write1
#cgo noescape uvgo_writev
#cgo nocallback uvgo_writev
#cgo nocallback uvgo_writev_pinned
#cgo nocallback uvgo_shutdown
#cgo noescape uvgo_tcp_name
#cgo nocallback uvgo_tcp_name
#cgo nocallback uvgo_tcp_keepalive
#cgo nocallback uvgo_fileno
#cgo nocallback uv_ref
#cgo nocallback uv_unref
#cgo nocallback uv_has_ref
#cgo nocallback uv_is_active
#cgo nocallback uv_timer_stop
#cgo nocallback uv_timer_again
#cgo nocallback uv_timer_set_repeat
#cgo nocallback uv_timer_get_repeat
#cgo nocallback uv_timer_get_due_in
#cgo nocallback uv_idle_stop
#cgo nocallback uv_prepare_stop
#cgo nocallback uv_check_stop
#cgo nocallback uv_async_send
#cgo nocallback uv_read_stop
#cgo nocallback uv_accept
#cgo nocallback uv_tcp_nodelay
#cgo nocallback uv_loop_alive
#cgo nocallback uv_stop
#cgo nocallback uv_version_string
#cgo nocallback uv_err_name
#cgo nocallback uv_strerror
#include "glue.h"
*/
import "C"
