package mavlink

import (
	"context"
	"errors"
	"math"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

// waitFor polls cond until it holds or the generous deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The link against the simulated PX4: heartbeat, streamed telemetry, the
// offboard rule, mode changes and a mission upload.
func TestLinkPX4(t *testing.T) {
	t.Parallel()
	w := newTestWorld(t, motion.KindMultirotor, PX4, nil)
	v, port, _ := startVehicle(t, w.vehicle)
	l := dialUDP(t, port)
	if sys, comp := l.Target(); sys != 1 || comp != 1 {
		t.Errorf("target %d/%d, want 1/1", sys, comp)
	}
	waitFor(t, "a position", func() bool { return !l.Telemetry().PositionAt.IsZero() })
	tel := l.Telemetry()
	if math.Abs(tel.Lat-testHome.Lat) > 1e-6 || math.Abs(tel.RelAlt-30) > 0.01 {
		t.Errorf("position %v, %v, %v m up; want home, 30 m up", tel.Lat, tel.Lon, tel.RelAlt)
	}
	ctx := context.Background()
	if err := l.SetMode(ctx, PX4, ModeGuided, motion.KindMultirotor); !errors.Is(err, ErrRejected) {
		t.Errorf("OFFBOARD without setpoints: %v, want a rejection", err)
	}
	f := AnchorAt(testHome.Lat, testHome.Lon, r3.Vec{})
	for range 3 {
		l.SendGlobalTarget(f, r3.Vec{X: 10, Y: 0, Z: 30}, 0, 1)
	}
	waitFor(t, "setpoints", func() bool { return v.State().Setpoints > 0 })
	if err := l.SetMode(ctx, PX4, ModeGuided, motion.KindMultirotor); err != nil {
		t.Fatalf("OFFBOARD with setpoints: %v", err)
	}
	if m := v.State().Mode; m != ModeGuided {
		t.Errorf("vehicle mode %v, want guided", m)
	}
	waitFor(t, "heartbeat in OFFBOARD", func() bool { return l.Telemetry().CustomMode == 6<<16 })
	items := []MissionItem{{Lat: 47.3978, Lon: 8.5456, RelAlt: 30}, {Lat: 47.3979, Lon: 8.5457, RelAlt: 35}, {Lat: 47.3979, Lon: 8.5457, RelAlt: 35, Loiter: true}}
	if err := l.UploadMission(ctx, items); err != nil {
		t.Fatal(err)
	}
	if n := v.State().Mission; n != 3 {
		t.Errorf("vehicle holds %d items, want 3", n)
	}
	if err := l.Command(ctx, common.MAV_CMD_NAV_TAKEOFF); !errors.Is(err, ErrRejected) {
		t.Errorf("unsupported command: %v, want a rejection", err)
	}
	if s := l.Stats(); s.Dropped != 0 || s.ParseErrors != 0 || s.Frames == 0 {
		t.Errorf("stats %+v", s)
	}
}

// ArduPilot sends no telemetry until asked.
func TestLinkArduPilotStreams(t *testing.T) {
	t.Parallel()
	w := newTestWorld(t, motion.KindFixedWing, ArduPilot, nil)
	_, port, _ := startVehicle(t, w.vehicle)
	l := dialUDP(t, port)
	time.Sleep(300 * time.Millisecond)
	if !l.Telemetry().PositionAt.IsZero() {
		t.Fatal("ArduPilot streamed a position unasked")
	}
	if err := l.RequestStreams(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "position, attitude, home and origin", func() bool {
		tl := l.Telemetry()
		return !tl.PositionAt.IsZero() && !tl.AttitudeAt.IsZero() && !tl.HomeAt.IsZero() && !tl.OriginAt.IsZero()
	})
}

// The mission protocol survives lost messages: the link resends the count or
// the item last asked for, answers the legacy MISSION_REQUEST, and ignores
// duplicates and other mission types.
func TestUploadRetries(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	counts, requests := 0, 0
	_, port := startFake(t, func(m message.Message) []message.Message {
		mu.Lock()
		defer mu.Unlock()
		switch r := m.(type) {
		case *common.MessageMissionCount:
			if counts++; counts == 1 {
				return nil // lost
			}
			return []message.Message{&common.MessageMissionRequestInt{Seq: 0, MissionType: common.MAV_MISSION_TYPE_FENCE},
				&common.MessageMissionRequestInt{Seq: 0}}
		case *common.MessageMissionItemInt:
			requests++
			switch {
			case r.Seq == 0 && requests == 1:
				return nil // the item is lost: the link must resend it
			case r.Seq == 0:
				return []message.Message{&common.MessageMissionRequest{Seq: 1}, &common.MessageMissionRequest{Seq: 1}}
			case r.Seq == 1 && r.Command == common.MAV_CMD_NAV_LOITER_UNLIM && r.X == 473979000 && r.Z == 35:
				return []message.Message{&common.MessageMissionAck{Type: common.MAV_MISSION_ACCEPTED}}
			}
		}
		return nil
	})
	l := dialUDP(t, port)
	err := l.UploadMission(context.Background(), []MissionItem{{Lat: 47.3978, Lon: 8.5456, RelAlt: 30}, {Lat: 47.3979, Lon: 8.5457, RelAlt: 35, Loiter: true}})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if counts != 2 || requests < 3 {
		t.Errorf("counts sent %d, items sent %d; want the count resent once and item 0 twice", counts, requests)
	}
}

func TestUploadFailures(t *testing.T) {
	t.Parallel()
	t.Run("rejected", func(t *testing.T) {
		_, port := startFake(t, func(m message.Message) []message.Message {
			if _, ok := m.(*common.MessageMissionCount); ok {
				return []message.Message{&common.MessageMissionAck{Type: common.MAV_MISSION_NO_SPACE}}
			}
			return nil
		})
		l := dialUDP(t, port)
		if err := l.UploadMission(context.Background(), []MissionItem{{Lat: 1, Lon: 1}}); !errors.Is(err, ErrRejected) {
			t.Errorf("got %v, want a rejection", err)
		}
	})
	t.Run("out of range request", func(t *testing.T) {
		_, port := startFake(t, func(m message.Message) []message.Message {
			if _, ok := m.(*common.MessageMissionCount); ok {
				return []message.Message{&common.MessageMissionRequestInt{Seq: 9}}
			}
			return nil
		})
		l := dialUDP(t, port)
		if err := l.UploadMission(context.Background(), []MissionItem{{Lat: 1, Lon: 1}}); err == nil {
			t.Error("a request for item 9 of 1 was served")
		}
	})
	t.Run("empty", func(t *testing.T) {
		_, port := startFake(t, func(message.Message) []message.Message { return nil })
		l := dialUDP(t, port)
		if err := l.UploadMission(context.Background(), nil); err == nil {
			t.Error("an empty mission was uploaded")
		}
	})
}

// A command nobody acknowledges is sent a fixed number of times, with the
// confirmation counter raised each time, then fails.
func TestCommandRetries(t *testing.T) {
	t.Parallel()
	fake, port := startFake(t, func(message.Message) []message.Message { return nil })
	l := dialUDP(t, port)
	err := l.Command(context.Background(), common.MAV_CMD_DO_SET_MODE, 1, 4)
	if err == nil || errors.Is(err, ErrRejected) {
		t.Fatalf("got %v, want a timeout", err)
	}
	var conf []uint8
	for _, m := range fake.received() {
		if c, ok := m.(*common.MessageCommandLong); ok && c.Command == common.MAV_CMD_DO_SET_MODE {
			conf = append(conf, c.Confirmation)
		}
	}
	if len(conf) != commandTries || conf[0] != 0 || conf[len(conf)-1] != commandTries-1 {
		t.Errorf("confirmations %v, want 0..%d", conf, commandTries-1)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Command(ctx, common.MAV_CMD_DO_SET_MODE); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled command: %v", err)
	}
}

// Dial gives up when no autopilot answers.
func TestDialTimeout(t *testing.T) {
	t.Parallel()
	port := freePort(t, "udp")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	ep, err := ParseEndpoint("udp://127.0.0.1:" + strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Dial(ctx, LinkConfig{Endpoint: ep}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v, want a deadline error", err)
	}
	if _, err := Dial(ctx, LinkConfig{}); err == nil {
		t.Error("dialled without an endpoint")
	}
}

// The TCP transports, server on the vehicle's side and client on ours.
func TestLinkTCP(t *testing.T) {
	t.Parallel()
	w := newTestWorld(t, motion.KindMultirotor, PX4, nil)
	port := strconv.Itoa(freePort(t, "tcp"))
	w.vehicle.Endpoint, _ = ParseEndpoint("tcpin://127.0.0.1:" + port)
	v, err := NewVehicle(w.vehicle)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- v.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	ep, err := ParseEndpoint("tcp://127.0.0.1:" + port)
	if err != nil {
		t.Fatal(err)
	}
	dctx, dcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer dcancel()
	l, err := Dial(dctx, LinkConfig{Endpoint: ep})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	waitFor(t, "a position over TCP", func() bool { return !l.Telemetry().PositionAt.IsZero() })
}
