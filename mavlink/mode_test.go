package mavlink

import (
	"testing"

	"github.com/tigris-uav/tigris/motion"
)

// The custom_mode numbers are the autopilots' own (PX4 px4_custom_mode.h,
// ArduPilot's Copter and Plane mode enums): a wrong one would command the
// wrong flight mode on a real vehicle.
func TestCustomModes(t *testing.T) {
	tests := []struct {
		ap   Autopilot
		kind string
		mode Mode
		want uint32
		name string
	}{
		{PX4, motion.KindMultirotor, ModeGuided, 6 << 16, "OFFBOARD"},
		{PX4, motion.KindMultirotor, ModeMission, 4<<16 | 4<<24, "AUTO.MISSION"},
		{PX4, motion.KindMultirotor, ModeHold, 4<<16 | 3<<24, "AUTO.LOITER"},
		{PX4, motion.KindFixedWing, ModeMission, 4<<16 | 4<<24, "AUTO.MISSION"},
		{ArduPilot, motion.KindMultirotor, ModeGuided, 4, "GUIDED"},
		{ArduPilot, motion.KindMultirotor, ModeMission, 3, "AUTO"},
		{ArduPilot, motion.KindMultirotor, ModeHold, 17, "BRAKE"},
		{ArduPilot, motion.KindFixedWing, ModeGuided, 15, "GUIDED"},
		{ArduPilot, motion.KindFixedWing, ModeMission, 10, "AUTO"},
		{ArduPilot, motion.KindFixedWing, ModeHold, 12, "LOITER"},
	}
	for _, tt := range tests {
		got, ok := tt.ap.CustomMode(tt.mode, tt.kind)
		if !ok || got != tt.want {
			t.Errorf("%s %s mode %d: got %d (ok %v), want %d", tt.ap, tt.kind, tt.mode, got, ok, tt.want)
		}
		if m := tt.ap.ModeOf(got, tt.kind); m != tt.mode {
			t.Errorf("%s %s: ModeOf(%d) = %d, want %d", tt.ap, tt.kind, got, m, tt.mode)
		}
		if n := tt.ap.ModeName(got, tt.kind); n != tt.name {
			t.Errorf("%s %s: ModeName(%d) = %q, want %q", tt.ap, tt.kind, got, n, tt.name)
		}
		p1, p2, p3, ok := tt.ap.setModeParams(tt.mode, tt.kind)
		if !ok || p1 != 1 || tt.ap.customModeFromParams(p2, p3) != tt.want {
			t.Errorf("%s %s: DO_SET_MODE params %v %v %v do not encode %d", tt.ap, tt.kind, p1, p2, p3, tt.want)
		}
	}
}

func TestModeOther(t *testing.T) {
	if _, ok := PX4.CustomMode(ModeOther, motion.KindMultirotor); ok {
		t.Error("ModeOther has a custom mode")
	}
	for _, tt := range []struct {
		ap     Autopilot
		kind   string
		custom uint32
		want   Mode
		name   string
	}{
		{PX4, motion.KindMultirotor, 3 << 16, ModeOther, "POSCTL"},
		{PX4, motion.KindMultirotor, 4<<16 | 5<<24, ModeOther, "AUTO.RTL"},
		{PX4, motion.KindMultirotor, 99 << 16, ModeOther, "PX4 mode 0x630000"},
		{ArduPilot, motion.KindMultirotor, 5, ModeHold, "LOITER"},
		{ArduPilot, motion.KindMultirotor, 6, ModeOther, "RTL"},
		{ArduPilot, motion.KindFixedWing, 5, ModeOther, "FBWA"},
		{ArduPilot, motion.KindFixedWing, 77, ModeOther, "ArduPilot mode 77"},
	} {
		if m := tt.ap.ModeOf(tt.custom, tt.kind); m != tt.want {
			t.Errorf("%s %s %d: ModeOf = %d, want %d", tt.ap, tt.kind, tt.custom, m, tt.want)
		}
		if n := tt.ap.ModeName(tt.custom, tt.kind); n != tt.name {
			t.Errorf("%s %s %d: ModeName = %q, want %q", tt.ap, tt.kind, tt.custom, n, tt.name)
		}
	}
}

func TestParseAutopilot(t *testing.T) {
	for _, s := range []string{"px4", "ardupilot"} {
		if a, err := ParseAutopilot(s); err != nil || string(a) != s {
			t.Errorf("%q: %v, %v", s, a, err)
		}
	}
	for _, s := range []string{"", "PX4", "apm", "betaflight"} {
		if _, err := ParseAutopilot(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}
