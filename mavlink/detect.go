package mavlink

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
)

// Detection is a target an onboard detector reports, in the mission frame or
// as a geodetic position (then Geo is set and Lat, Lon hold it).
type Detection struct {
	X, Y     float64
	Lat, Lon float64
	Geo      bool
}

// ParseDetection reads one detection line: a JSON object with either "x" and
// "y" (metres in the mission frame) or "lat" and "lon" (WGS84 degrees), for
// example
//
//	{"x": 120.5, "y": 40}
//	{"lat": 47.3981, "lon": 8.5462}
//
// Other keys are errors, so a typo never silently moves a detection.
func ParseDetection(line []byte) (Detection, error) {
	var raw struct {
		X, Y     *float64
		Lat, Lon *float64
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return Detection{}, fmt.Errorf("mavlink: detection: %w", err)
	}
	if dec.More() {
		return Detection{}, errors.New("mavlink: detection: more than one JSON value on the line")
	}
	switch {
	case raw.X != nil && raw.Y != nil && raw.Lat == nil && raw.Lon == nil:
		d := Detection{X: *raw.X, Y: *raw.Y}
		if !finite(d.X) || !finite(d.Y) {
			return Detection{}, errors.New("mavlink: detection: x and y must be finite")
		}
		return d, nil
	case raw.Lat != nil && raw.Lon != nil && raw.X == nil && raw.Y == nil:
		d := Detection{Lat: *raw.Lat, Lon: *raw.Lon, Geo: true}
		if !(d.Lat >= -90 && d.Lat <= 90 && d.Lon >= -180 && d.Lon <= 180) {
			return Detection{}, fmt.Errorf("mavlink: detection: lat %v, lon %v off the globe", d.Lat, d.Lon)
		}
		return d, nil
	}
	return Detection{}, errors.New(`mavlink: detection: want {"x", "y"} or {"lat", "lon"}`)
}

// detectionQueue is how many detections wait for the flight loop before new
// ones are dropped.
const detectionQueue = 256

// DetectionListener receives detections as line-delimited JSON (see
// ParseDetection) in UDP datagrams, one or more lines each: the way an
// onboard detector, in any language, tells the flight loop what it saw.
type DetectionListener struct {
	conn    *net.UDPConn
	c       chan Detection
	dropped atomic.Int64
	wg      sync.WaitGroup
}

// ListenDetections listens on the UDP address addr (for example
// "127.0.0.1:14600"; port 0 picks a free one).
func ListenDetections(addr string) (*DetectionListener, error) {
	ua, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return nil, fmt.Errorf("mavlink: detections: %w", err)
	}
	conn, err := net.ListenUDP("udp", ua)
	if err != nil {
		return nil, fmt.Errorf("mavlink: detections: %w", err)
	}
	d := &DetectionListener{conn: conn, c: make(chan Detection, detectionQueue)}
	d.wg.Add(1)
	go d.read()
	return d, nil
}

func (d *DetectionListener) read() {
	defer d.wg.Done()
	defer close(d.c)
	buf := make([]byte, 64<<10)
	for {
		n, _, err := d.conn.ReadFromUDP(buf)
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		for line := range bytes.Lines(buf[:n]) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			det, err := ParseDetection(line)
			if err != nil {
				d.dropped.Add(1)
				continue
			}
			select {
			case d.c <- det:
			default:
				d.dropped.Add(1)
			}
		}
	}
}

// Addr is the address the listener is bound to.
func (d *DetectionListener) Addr() net.Addr { return d.conn.LocalAddr() }

// Detections delivers the parsed detections; it is closed by Close.
func (d *DetectionListener) Detections() <-chan Detection { return d.c }

// Dropped counts lines that did not parse and detections the flight loop had
// no room for.
func (d *DetectionListener) Dropped() int { return int(d.dropped.Load()) }

// Close stops listening.
func (d *DetectionListener) Close() error {
	err := d.conn.Close()
	d.wg.Wait()
	return err
}
