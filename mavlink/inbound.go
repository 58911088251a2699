package mavlink

import (
	"math"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"

	"github.com/tigris-uav/tigris/motion"
)

// Limits beyond which an inbound value is absurd and its message is dropped.
const (
	maxRelAlt      = 10000.0 // m above home: no small UAV flies higher
	minRelAlt      = -1000.0 // m below home: deeper than any valley under a flight
	maxAbsAlt      = 20000.0 // m above sea level
	minAbsAlt      = -1000.0
	maxSpeedCms    = 15000 // cm/s per axis
	maxAttitudeRad = 2 * math.Pi
)

// Telemetry is the latest state the autopilot reported, in MAVLink's own
// terms (degrees, metres, NED angles) and stamped with our receive time:
// converting to the mission frame is the Frame's job.
type Telemetry struct {
	// Heartbeat.
	HeartbeatAt time.Time
	Type        common.MAV_TYPE
	Armed       bool
	CustomMode  uint32

	// GLOBAL_POSITION_INT: degrees, metres above mean sea level and above
	// home, NED velocity in m/s, heading (yaw) in radians or NaN if unknown.
	PositionAt   time.Time
	Lat, Lon     float64
	Alt, RelAlt  float64
	VelNED       [3]float64
	PositionYaw  float64
	PositionBoot uint32 // autopilot ms since boot, to drop reordered datagrams

	// ATTITUDE, radians (roll right-wing-down, pitch nose-up, yaw from north).
	AttitudeAt       time.Time
	Roll, Pitch, Yaw float64

	// HOME_POSITION: degrees, and metres above mean sea level.
	HomeAt                    time.Time
	HomeLat, HomeLon, HomeAlt float64

	// GPS_GLOBAL_ORIGIN: the origin of the autopilot's local NED frame.
	OriginAt                        time.Time
	OriginLat, OriginLon, OriginAlt float64

	// MISSION_CURRENT: the mission item being flown, and when it was said.
	MissionAt  time.Time
	MissionSeq int
}

// Stats counts what arrived on the link.
type Stats struct {
	Frames      int // frames from the autopilot with a message we use
	Dropped     int // messages dropped for malformed or out-of-range values
	ParseErrors int // bytes gomavlib could not frame or decode (bad CRC...)
	Foreign     int // frames from other systems or components, or messages we do not use
}

// inbound applies the autopilot's messages to a Telemetry, validating every
// value first: a message with a malformed field is dropped whole and counted,
// so the loop never flies on NaN, a latitude past the pole or an altitude
// above the stratosphere. It is not safe for concurrent use; Link guards it.
type inbound struct {
	t        Telemetry
	stats    Stats
	sys      uint8 // the autopilot's system and component id, 0 until its first heartbeat
	comp     uint8
	position bool // a position has arrived
}

// verdict is what handle did with a message.
type verdict uint8

const (
	applied verdict = iota // the telemetry took it
	dropped                // malformed or out of range
	foreign                // not from our autopilot or not a message we use
	routed                 // a protocol reply (acks, mission requests) for the link to deliver
)

// handle validates msg from system sys, component comp and applies it.
func (in *inbound) handle(msg message.Message, sys, comp uint8, now time.Time) verdict {
	v := in.apply(msg, sys, comp, now)
	switch v {
	case applied, routed:
		in.stats.Frames++
	case dropped:
		in.stats.Dropped++
	case foreign:
		in.stats.Foreign++
	}
	return v
}

func (in *inbound) apply(msg message.Message, sys, comp uint8, now time.Time) verdict {
	if hb, ok := msg.(*common.MessageHeartbeat); ok {
		return in.heartbeat(hb, sys, comp, now)
	}
	if in.sys == 0 || sys != in.sys || comp != in.comp {
		return foreign
	}
	switch m := msg.(type) {
	case *common.MessageGlobalPositionInt:
		return in.globalPosition(m, now)
	case *common.MessageAttitude:
		r, p, y := float64(m.Roll), float64(m.Pitch), float64(m.Yaw)
		if !angleOK(r) || !angleOK(p) || !angleOK(y) || math.Abs(p) > math.Pi/2 {
			return dropped
		}
		in.t.AttitudeAt, in.t.Roll, in.t.Pitch, in.t.Yaw = now, r, p, y
		return applied
	case *common.MessageHomePosition:
		lat, lon, alt, ok := geodetic(m.Latitude, m.Longitude, m.Altitude)
		if !ok {
			return dropped
		}
		in.t.HomeAt, in.t.HomeLat, in.t.HomeLon, in.t.HomeAlt = now, lat, lon, alt
		return applied
	case *common.MessageGpsGlobalOrigin:
		lat, lon, alt, ok := geodetic(m.Latitude, m.Longitude, m.Altitude)
		if !ok {
			return dropped
		}
		in.t.OriginAt, in.t.OriginLat, in.t.OriginLon, in.t.OriginAlt = now, lat, lon, alt
		return applied
	case *common.MessageMissionCurrent:
		in.t.MissionAt, in.t.MissionSeq = now, int(m.Seq)
		return applied
	case *common.MessageCommandAck, *common.MessageMissionRequestInt, *common.MessageMissionRequest,
		*common.MessageMissionAck, *common.MessageStatustext:
		return routed
	}
	return foreign
}

// heartbeat accepts the first flight controller that speaks as the
// autopilot and thereafter only its heartbeats; ground stations, cameras
// and other companions also send heartbeats and must not be taken for it.
func (in *inbound) heartbeat(hb *common.MessageHeartbeat, sys, comp uint8, now time.Time) verdict {
	switch hb.Type {
	case common.MAV_TYPE_GCS, common.MAV_TYPE_ONBOARD_CONTROLLER, common.MAV_TYPE_GIMBAL,
		common.MAV_TYPE_ADSB, common.MAV_TYPE_CAMERA, common.MAV_TYPE_ANTENNA_TRACKER:
		return foreign
	}
	if hb.Autopilot == common.MAV_AUTOPILOT_INVALID {
		return foreign
	}
	if in.sys == 0 {
		in.sys, in.comp = sys, comp
	}
	if sys != in.sys || comp != in.comp {
		return foreign
	}
	in.t.HeartbeatAt, in.t.Type = now, hb.Type
	in.t.Armed = hb.BaseMode&common.MAV_MODE_FLAG_SAFETY_ARMED != 0
	in.t.CustomMode = hb.CustomMode
	return applied
}

func (in *inbound) globalPosition(m *common.MessageGlobalPositionInt, now time.Time) verdict {
	if !latLonOK(m.Lat, m.Lon) {
		return dropped
	}
	alt, rel := float64(m.Alt)/1e3, float64(m.RelativeAlt)/1e3
	if alt < minAbsAlt || alt > maxAbsAlt || rel < minRelAlt || rel > maxRelAlt {
		return dropped
	}
	if abs16(m.Vx) > maxSpeedCms || abs16(m.Vy) > maxSpeedCms || abs16(m.Vz) > maxSpeedCms {
		return dropped
	}
	yaw := math.NaN()
	switch {
	case m.Hdg == math.MaxUint16:
	case m.Hdg < 36000:
		yaw = motion.WrapPi(float64(m.Hdg) / 100 * math.Pi / 180)
	default:
		return dropped
	}
	// Over UDP a datagram can overtake another: keep the newest by the
	// autopilot's clock, but accept a clock that restarted (a reboot).
	if in.position && m.TimeBootMs < in.t.PositionBoot && in.t.PositionBoot-m.TimeBootMs < 10_000 {
		return dropped
	}
	in.position = true
	in.t.PositionAt, in.t.PositionBoot = now, m.TimeBootMs
	in.t.Lat, in.t.Lon = float64(m.Lat)/1e7, float64(m.Lon)/1e7
	in.t.Alt, in.t.RelAlt = alt, rel
	in.t.VelNED = [3]float64{float64(m.Vx) / 100, float64(m.Vy) / 100, float64(m.Vz) / 100}
	in.t.PositionYaw = yaw
	return applied
}

// geodetic converts and checks a MAVLink position: 1e-7 degrees and
// millimetres above mean sea level.
func geodetic(lat, lon, altMM int32) (latDeg, lonDeg, alt float64, ok bool) {
	alt = float64(altMM) / 1e3
	if !latLonOK(lat, lon) || alt < minAbsAlt || alt > maxAbsAlt {
		return 0, 0, 0, false
	}
	return float64(lat) / 1e7, float64(lon) / 1e7, alt, true
}

// latLonOK rejects positions off the globe and the 0, 0 that autopilots send
// before their first fix.
func latLonOK(lat, lon int32) bool {
	return lat >= -900_000_000 && lat <= 900_000_000 && lon >= -1_800_000_000 && lon <= 1_800_000_000 &&
		(lat != 0 || lon != 0)
}

func angleOK(a float64) bool { return finite(a) && math.Abs(a) <= maxAttitudeRad }

func abs16(v int16) int {
	if v < 0 {
		return -int(v)
	}
	return int(v)
}
