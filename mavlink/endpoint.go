package mavlink

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/bluenviron/gomavlib/v3"
)

// ParseEndpoint turns a connection URL into a gomavlib endpoint:
//
//	udp://HOST:PORT         send to HOST:PORT (the usual companion-computer link to a flight controller or SITL)
//	udpin://[HOST]:PORT     listen for datagrams; replies go to whoever spoke first
//	tcp://HOST:PORT         connect to a TCP server (ArduPilot SITL serves on 5760)
//	tcpin://[HOST]:PORT     accept TCP connections
//	serial:///dev/ttyACM0:57600   a serial port and its baud rate (57600 if left out)
//
// UDP and TCP are IPv4, as gomavlib's are.
func ParseEndpoint(raw string) (gomavlib.EndpointConf, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("mavlink: endpoint %q: %w", raw, err)
	}
	switch u.Scheme {
	case "udp", "udpin", "tcp", "tcpin":
		if u.Path != "" || u.Host == "" {
			return nil, fmt.Errorf("mavlink: endpoint %q: want %s://HOST:PORT", raw, u.Scheme)
		}
		host, port, err := net.SplitHostPort(u.Host)
		if err != nil {
			return nil, fmt.Errorf("mavlink: endpoint %q: %w", raw, err)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("mavlink: endpoint %q: port must be in 1..65535, got %q", raw, port)
		}
		if host == "" && (u.Scheme == "udp" || u.Scheme == "tcp") {
			return nil, fmt.Errorf("mavlink: endpoint %q: a client needs a host", raw)
		}
		switch u.Scheme {
		case "udp":
			return gomavlib.EndpointUDPClient{Address: u.Host}, nil
		case "udpin":
			return gomavlib.EndpointUDPServer{Address: u.Host}, nil
		case "tcp":
			return gomavlib.EndpointTCPClient{Address: u.Host}, nil
		default:
			return gomavlib.EndpointTCPServer{Address: u.Host}, nil
		}
	case "serial":
		dev, baud := u.Path, 57600
		if i := strings.LastIndexByte(dev, ':'); i >= 0 {
			b, err := strconv.Atoi(dev[i+1:])
			if err != nil || b <= 0 {
				return nil, fmt.Errorf("mavlink: endpoint %q: bad baud rate %q", raw, dev[i+1:])
			}
			dev, baud = dev[:i], b
		}
		if u.Host != "" || !strings.HasPrefix(dev, "/") || len(dev) < 2 {
			return nil, fmt.Errorf("mavlink: endpoint %q: want serial:///dev/DEVICE[:BAUD]", raw)
		}
		return gomavlib.EndpointSerial{Device: dev, Baud: baud}, nil
	}
	return nil, fmt.Errorf("mavlink: endpoint %q: unknown scheme %q (want udp, udpin, tcp, tcpin or serial)", raw, u.Scheme)
}
