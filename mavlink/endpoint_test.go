package mavlink

import (
	"reflect"
	"testing"

	"github.com/bluenviron/gomavlib/v3"
)

func TestParseEndpoint(t *testing.T) {
	tests := []struct {
		url  string
		want gomavlib.EndpointConf
	}{
		{"udp://127.0.0.1:14540", gomavlib.EndpointUDPClient{Address: "127.0.0.1:14540"}},
		{"udpin://:14550", gomavlib.EndpointUDPServer{Address: ":14550"}},
		{"udpin://0.0.0.0:14550", gomavlib.EndpointUDPServer{Address: "0.0.0.0:14550"}},
		{"tcp://localhost:5760", gomavlib.EndpointTCPClient{Address: "localhost:5760"}},
		{"tcpin://:5760", gomavlib.EndpointTCPServer{Address: ":5760"}},
		{"serial:///dev/ttyACM0:57600", gomavlib.EndpointSerial{Device: "/dev/ttyACM0", Baud: 57600}},
		{"serial:///dev/ttyUSB1:921600", gomavlib.EndpointSerial{Device: "/dev/ttyUSB1", Baud: 921600}},
		{"serial:///dev/serial0", gomavlib.EndpointSerial{Device: "/dev/serial0", Baud: 57600}},
	}
	for _, tt := range tests {
		got, err := ParseEndpoint(tt.url)
		if err != nil {
			t.Errorf("%s: %v", tt.url, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.url, got, tt.want)
		}
	}
}

func TestParseEndpointErrors(t *testing.T) {
	for _, url := range []string{
		"", "14550", "http://x:1", "udp://:14550", "tcp://host", "udp://host:0", "udp://host:70000",
		"udp://host:port", "udp://h:1/path", "serial://dev/tty:57600", "serial:///dev/ttyACM0:fast",
		"serial:///dev/ttyACM0:-1", "serial:///:57600",
	} {
		if ep, err := ParseEndpoint(url); err == nil {
			t.Errorf("%q: accepted as %#v", url, ep)
		}
	}
}
