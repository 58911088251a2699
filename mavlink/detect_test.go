package mavlink

import (
	"net"
	"testing"
	"time"
)

func TestParseDetection(t *testing.T) {
	good := []struct {
		line string
		want Detection
	}{
		{`{"x": 120.5, "y": 40}`, Detection{X: 120.5, Y: 40}},
		{`{"lat": 47.3981, "lon": 8.5462}` + "\n", Detection{Lat: 47.3981, Lon: 8.5462, Geo: true}},
		{`  {"y": -3, "x": 0}  `, Detection{X: 0, Y: -3}},
	}
	for _, tt := range good {
		got, err := ParseDetection([]byte(tt.line))
		if err != nil || got != tt.want {
			t.Errorf("%s: %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
	for _, line := range []string{
		``, `{}`, `{"x": 1}`, `{"x": 1, "y": 2, "lat": 3, "lon": 4}`, `{"x": 1, "y": 2, "z": 3}`,
		`{"lat": 91, "lon": 0}`, `{"lat": 0, "lon": -181}`, `{"x": "1", "y": 2}`, `{"x": 1, "y": 2} {"x": 3, "y": 4}`,
		`[1, 2]`, `{"x": 1e999, "y": 0}`, `nonsense`,
	} {
		if d, err := ParseDetection([]byte(line)); err == nil {
			t.Errorf("%q accepted as %+v", line, d)
		}
	}
}

func FuzzParseDetection(f *testing.F) {
	f.Add([]byte(`{"x": 120.5, "y": 40}`))
	f.Add([]byte(`{"lat": 47.3981, "lon": 8.5462}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		d, err := ParseDetection(line)
		if err != nil {
			return
		}
		if !finite(d.X) || !finite(d.Y) || d.Lat < -90 || d.Lat > 90 || d.Lon < -180 || d.Lon > 180 {
			t.Fatalf("%q parsed to %+v", line, d)
		}
	})
}

// A detector sends datagrams of one or more lines; bad lines are counted,
// good ones delivered.
func TestDetectionListener(t *testing.T) {
	d, err := ListenDetections("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("udp", d.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("{\"x\": 1, \"y\": 2}\nbroken\n\n{\"lat\": 47, \"lon\": 8}\n")); err != nil {
		t.Fatal(err)
	}
	want := []Detection{{X: 1, Y: 2}, {Lat: 47, Lon: 8, Geo: true}}
	for _, w := range want {
		select {
		case got := <-d.Detections():
			if got != w {
				t.Errorf("got %+v, want %+v", got, w)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no detection delivered")
		}
	}
	if err := d.Close(); err != nil {
		t.Error(err)
	}
	if n := d.Dropped(); n != 1 {
		t.Errorf("dropped %d lines, want 1", n)
	}
	if _, ok := <-d.Detections(); ok {
		t.Error("channel open after Close")
	}
}
