package mavlink

import (
	"math"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

// The simulated autopilot's answers, message by message, as PX4 and
// ArduPilot give them.
func TestVehicleProtocol(t *testing.T) {
	now := time.Unix(100, 0)
	newV := func(ap Autopilot, kind string) *Vehicle {
		w := newTestWorld(t, kind, ap, nil)
		w.vehicle.Endpoint = gomavlib.EndpointUDPServer{Address: "127.0.0.1:0"} // never opened: Run is not called
		v, err := NewVehicle(w.vehicle)
		if err != nil {
			t.Fatal(err)
		}
		v.boot = now
		return v
	}
	ackOf := func(out []message.Message) common.MAV_RESULT {
		t.Helper()
		if len(out) != 1 {
			t.Fatalf("replies %v, want one ack", out)
		}
		return out[0].(*common.MessageCommandAck).Result
	}
	setMode := func(v *Vehicle, m Mode) []message.Message {
		_, p2, p3, _ := v.cfg.Autopilot.setModeParams(m, v.cfg.Kind)
		return v.handle(&common.MessageCommandLong{TargetSystem: 1, Command: common.MAV_CMD_DO_SET_MODE, Param1: 1, Param2: p2, Param3: p3}, now)
	}

	v := newV(ArduPilot, motion.KindFixedWing)
	if r := ackOf(setMode(v, ModeMission)); r != common.MAV_RESULT_DENIED {
		t.Errorf("AUTO without a mission: %v", r)
	}
	if r := ackOf(setMode(v, ModeGuided)); r != common.MAV_RESULT_ACCEPTED || v.State().Mode != ModeGuided {
		t.Errorf("ArduPilot GUIDED: %v, mode %v", r, v.State().Mode)
	}
	if out := v.handle(&common.MessageCommandLong{TargetSystem: 9, Command: common.MAV_CMD_DO_SET_MODE}, now); out != nil {
		t.Errorf("a command for system 9 answered: %v", out)
	}
	if r := ackOf(v.handle(&common.MessageCommandLong{Command: common.MAV_CMD_NAV_TAKEOFF}, now)); r != common.MAV_RESULT_UNSUPPORTED {
		t.Errorf("takeoff: %v", r)
	}
	// ArduPilot streams only what is asked, by either protocol.
	if len(v.intervals) != 0 {
		t.Errorf("ArduPilot streams unasked: %v", v.intervals)
	}
	v.handle(&common.MessageRequestDataStream{ReqStreamId: 6, ReqMessageRate: 5, StartStop: 1}, now)
	if v.intervals[33] != 200*time.Millisecond {
		t.Errorf("REQUEST_DATA_STREAM POSITION at 5 Hz: interval %v", v.intervals[33])
	}
	ackOf(v.handle(&common.MessageCommandLong{Command: common.MAV_CMD_SET_MESSAGE_INTERVAL, Param1: 33, Param2: -1}, now))
	if v.intervals[33] != 0 {
		t.Errorf("SET_MESSAGE_INTERVAL -1 left %v", v.intervals[33])
	}
	// A mission item in a frame it does not fly is refused.
	v.handle(&common.MessageMissionCount{Count: 2}, now)
	out := v.handle(&common.MessageMissionItemInt{Seq: 0, Frame: common.MAV_FRAME_LOCAL_NED, Command: common.MAV_CMD_NAV_WAYPOINT, X: 1, Y: 1}, now)
	if a, ok := out[0].(*common.MessageMissionAck); !ok || a.Type != common.MAV_MISSION_UNSUPPORTED {
		t.Errorf("local-frame item: %v", out)
	}
	// An item out of turn is asked for again.
	v.handle(&common.MessageMissionCount{Count: 2}, now)
	out = v.handle(&common.MessageMissionItemInt{Seq: 1}, now)
	if r, ok := out[0].(*common.MessageMissionRequestInt); !ok || r.Seq != 0 {
		t.Errorf("item 1 before 0: %v", out)
	}

	// PX4 refuses OFFBOARD without a fresh setpoint, then accepts.
	v = newV(PX4, motion.KindMultirotor)
	if r := ackOf(setMode(v, ModeGuided)); r != common.MAV_RESULT_TEMPORARILY_REJECTED {
		t.Errorf("OFFBOARD without setpoints: %v", r)
	}
	v.handle(localTarget(r3.Vec{X: 10, Y: 0, Z: -30}, 0, 1, 1, 0), now)
	if r := ackOf(setMode(v, ModeGuided)); r != common.MAV_RESULT_ACCEPTED {
		t.Errorf("OFFBOARD with a setpoint: %v", r)
	}
	// The local NED setpoint is 10 m north of home: the vehicle heads north.
	v.step(now.Add(100*time.Millisecond), 0.1)
	if p := v.State().Pose; !(p.Y > 0) || math.Abs(p.X) > 1e-9 {
		t.Errorf("after a step toward 10 m north: %v", p)
	}
	// A NaN setpoint is ignored.
	before := v.State().Setpoints
	v.handle(localTarget(r3.Vec{X: math.NaN()}, 0, 1, 1, 0), now)
	if v.State().Setpoints != before {
		t.Error("a NaN setpoint was taken")
	}
	// Without setpoints for a second PX4 leaves OFFBOARD for a hold and says so.
	out = v.step(now.Add(1500*time.Millisecond), 0.1)
	if v.State().Mode != ModeHold {
		t.Errorf("mode %v after the setpoints stopped", v.State().Mode)
	}
	found := false
	for _, m := range out {
		if s, ok := m.(*common.MessageStatustext); ok && s.Severity == common.MAV_SEVERITY_WARNING {
			found = true
		}
	}
	if !found {
		t.Error("no STATUSTEXT about the lost offboard signal")
	}
}
