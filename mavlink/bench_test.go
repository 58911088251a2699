package mavlink

import (
	"testing"
	"time"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

// BenchmarkInbound is the validation and bookkeeping of one
// GLOBAL_POSITION_INT, the most frequent message.
func BenchmarkInbound(b *testing.B) {
	var in inbound
	now := time.Unix(0, 0)
	in.handle(autopilotHeartbeat(), 1, 1, now)
	m := goodPosition()
	b.ReportAllocs()
	for b.Loop() {
		m.TimeBootMs++
		if in.handle(m, 1, 1, now) != applied {
			b.Fatal("dropped")
		}
	}
}

// BenchmarkSetpoint builds one SET_POSITION_TARGET_GLOBAL_INT: the frame
// conversion of every streamed setpoint.
func BenchmarkSetpoint(b *testing.B) {
	f := AnchorAt(testHome.Lat, testHome.Lon, r3.Vec{X: 20, Y: 20})
	p := r3.Vec{X: 1500, Y: -700, Z: 30}
	b.ReportAllocs()
	for b.Loop() {
		_ = globalTarget(f, p, 1, 1, 1, 0)
	}
}

// BenchmarkObserve is one camera frame of the flight loop: the footprint at
// the telemetry pose and the Bayes update of its cells.
func BenchmarkObserve(b *testing.B) {
	w := newTestWorld(b, motion.KindMultirotor, PX4, nil)
	f := &flight{cfg: w.cfg, frame: AnchorAt(testHome.Lat, testHome.Lon, r3.Vec{}), grid: w.cfg.Grid.Clone()}
	f.pose = motion.Pose{Vec: r3.Vec{X: 150, Y: 150, Z: 30}, Heading: 0.3}
	now := time.Now()
	tel := Telemetry{AttitudeAt: now, Roll: 0.05, Pitch: -0.03}
	f.observe(tel, now)
	b.ReportAllocs()
	for b.Loop() {
		f.pending = append(f.pending, Detection{X: 152, Y: 148})
		f.observe(tel, now)
	}
}
