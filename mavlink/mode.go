package mavlink

import (
	"fmt"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"

	"github.com/tigris-uav/tigris/motion"
)

// Autopilot is the flight-controller firmware on the other end of the link.
// The two speak the same messages but encode flight modes differently in
// HEARTBEAT.custom_mode and in MAV_CMD_DO_SET_MODE.
type Autopilot string

// The autopilots the bridge knows.
const (
	PX4       Autopilot = "px4"
	ArduPilot Autopilot = "ardupilot"
)

// ParseAutopilot accepts "px4" or "ardupilot".
func ParseAutopilot(s string) (Autopilot, error) {
	switch a := Autopilot(s); a {
	case PX4, ArduPilot:
		return a, nil
	}
	return "", fmt.Errorf("mavlink: unknown autopilot %q (want px4 or ardupilot)", s)
}

// mavAutopilot is the HEARTBEAT autopilot field of a.
func (a Autopilot) mavAutopilot() common.MAV_AUTOPILOT {
	if a == ArduPilot {
		return common.MAV_AUTOPILOT_ARDUPILOTMEGA
	}
	return common.MAV_AUTOPILOT_PX4
}

// Mode is what the bridge needs a flight mode for; each autopilot and vehicle
// kind has its own name and number for it.
type Mode uint8

// Modes the bridge commands or recognises.
const (
	// ModeOther is any mode the bridge does not command: manual, stabilised,
	// return-to-launch, land...
	ModeOther Mode = iota
	// ModeGuided obeys streamed position setpoints: PX4 OFFBOARD, ArduPilot
	// GUIDED. The multirotor flies the plan in it.
	ModeGuided
	// ModeMission flies the uploaded mission: PX4 AUTO.MISSION, ArduPilot
	// AUTO. The fixed-wing flies the plan in it.
	ModeMission
	// ModeHold stops and holds position (multirotor) or circles (fixed-wing):
	// PX4 AUTO.LOITER, ArduPilot BRAKE (Copter) or LOITER (Plane).
	ModeHold
)

// PX4 packs its main mode in byte 2 of custom_mode and its sub-mode in byte 3
// (px4_custom_mode.h).
const (
	px4MainAuto     = 4
	px4MainOffboard = 6
	px4SubLoiter    = 3
	px4SubMission   = 4
)

func px4Mode(main, sub uint32) uint32 { return main<<16 | sub<<24 }

// ArduPilot mode numbers (Copter and Plane differ).
const (
	apmCopterAuto   = 3
	apmCopterGuided = 4
	apmCopterLoiter = 5
	apmCopterBrake  = 17
	apmPlaneAuto    = 10
	apmPlaneLoiter  = 12
	apmPlaneGuided  = 15
)

// CustomMode returns the custom_mode number of m for a vehicle of the given
// kind (motion.KindMultirotor or motion.KindFixedWing); ok is false for
// ModeOther.
func (a Autopilot) CustomMode(m Mode, kind string) (custom uint32, ok bool) {
	plane := kind == motion.KindFixedWing
	switch {
	case a == PX4 && m == ModeGuided:
		return px4Mode(px4MainOffboard, 0), true
	case a == PX4 && m == ModeMission:
		return px4Mode(px4MainAuto, px4SubMission), true
	case a == PX4 && m == ModeHold:
		return px4Mode(px4MainAuto, px4SubLoiter), true
	case m == ModeGuided && plane:
		return apmPlaneGuided, true
	case m == ModeGuided:
		return apmCopterGuided, true
	case m == ModeMission && plane:
		return apmPlaneAuto, true
	case m == ModeMission:
		return apmCopterAuto, true
	case m == ModeHold && plane:
		return apmPlaneLoiter, true
	case m == ModeHold:
		return apmCopterBrake, true
	}
	return 0, false
}

// ModeOf classifies a HEARTBEAT custom_mode. ArduPilot Copter's LOITER also
// counts as a hold.
func (a Autopilot) ModeOf(custom uint32, kind string) Mode {
	for _, m := range []Mode{ModeGuided, ModeMission, ModeHold} {
		if c, _ := a.CustomMode(m, kind); c == custom {
			return m
		}
	}
	if a == ArduPilot && kind != motion.KindFixedWing && custom == apmCopterLoiter {
		return ModeHold
	}
	return ModeOther
}

// ModeName is the autopilot's own name for a custom_mode, for messages.
func (a Autopilot) ModeName(custom uint32, kind string) string {
	if a == PX4 {
		main, sub := custom>>16&0xff, custom>>24
		mains := map[uint32]string{1: "MANUAL", 2: "ALTCTL", 3: "POSCTL", 4: "AUTO", 5: "ACRO", 6: "OFFBOARD", 7: "STABILIZED", 8: "RATTITUDE"}
		subs := map[uint32]string{1: "READY", 2: "TAKEOFF", 3: "LOITER", 4: "MISSION", 5: "RTL", 6: "LAND", 8: "FOLLOW_TARGET", 9: "PRECLAND"}
		name, ok := mains[main]
		if !ok {
			return fmt.Sprintf("PX4 mode %#x", custom)
		}
		if main == px4MainAuto {
			if s, ok := subs[sub]; ok {
				return name + "." + s
			}
		}
		return name
	}
	names := map[uint32]string{0: "STABILIZE", 1: "ACRO", 2: "ALT_HOLD", 3: "AUTO", 4: "GUIDED", 5: "LOITER", 6: "RTL", 9: "LAND", 16: "POSHOLD", 17: "BRAKE"}
	if kind == motion.KindFixedWing {
		names = map[uint32]string{0: "MANUAL", 1: "CIRCLE", 2: "STABILIZE", 5: "FBWA", 6: "FBWB", 10: "AUTO", 11: "RTL", 12: "LOITER", 15: "GUIDED"}
	}
	if n, ok := names[custom]; ok {
		return n
	}
	return fmt.Sprintf("ArduPilot mode %d", custom)
}

// setModeParams are MAV_CMD_DO_SET_MODE's first three parameters for m:
// the custom-mode flag, then the custom mode (ArduPilot) or PX4's main and
// sub-mode.
func (a Autopilot) setModeParams(m Mode, kind string) (p1, p2, p3 float32, ok bool) {
	c, ok := a.CustomMode(m, kind)
	if !ok {
		return 0, 0, 0, false
	}
	flag := float32(common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED)
	if a == PX4 {
		return flag, float32(c >> 16 & 0xff), float32(c >> 24), true
	}
	return flag, float32(c), 0, true
}

// customModeFromParams decodes MAV_CMD_DO_SET_MODE's parameters (the
// simulated autopilot's side of setModeParams).
func (a Autopilot) customModeFromParams(p2, p3 float32) uint32 {
	if a == PX4 {
		return px4Mode(uint32(p2), uint32(p3))
	}
	return uint32(p2)
}
