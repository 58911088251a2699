package mavlink

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/motion"
)

// Simulated autopilot behaviour.
const (
	vehiclePhysicsHz  = 50
	offboardLoss      = time.Second            // PX4's COM_OF_LOSS_T: no setpoint for this long leaves OFFBOARD
	offboardRecent    = 500 * time.Millisecond // PX4 enters OFFBOARD only with a setpoint this fresh
	uploadRetry       = 500 * time.Millisecond // the vehicle's side of the mission protocol
	uploadTries       = 5
	multirotorAccept  = 1.0 // m: mission waypoint acceptance radius
	fixedWingAcceptFr = 0.3 // of the turn radius
)

// VehicleConfig describes the simulated autopilot.
type VehicleConfig struct {
	// Endpoint is where it listens (or connects); see ParseEndpoint.
	Endpoint gomavlib.EndpointConf
	// Autopilot selects the firmware it imitates: heartbeat identity, mode
	// numbers, and whether telemetry streams unasked (PX4) or only on
	// request (ArduPilot).
	Autopilot Autopilot
	// Kind is motion.KindMultirotor or motion.KindFixedWing.
	Kind string
	// Home is where it was armed: latitude, longitude (degrees) and height
	// above mean sea level (metres). Positions it reports are relative to it.
	Home geo.Origin
	// Start is its pose when the simulation begins, in metres East, North
	// and Up of home and a heading counter-clockwise from east; it starts
	// airborne, armed and holding there.
	Start motion.Pose
	// Speed (m/s), TurnRadius (m, fixed-wing), ClimbRate (m/s, 0 = Speed)
	// and YawRate (rad/s, multirotor; 0 = instant) limit its motion.
	Speed, TurnRadius, ClimbRate, YawRate float64
	// SystemID is its MAVLink system id; 0 means 1.
	SystemID uint8
	// Log, if set, hears about mode changes and missions. It is called
	// with the vehicle's lock held and must not call back into it.
	Log func(format string, args ...any)
}

// VehicleState is what the simulated autopilot is doing.
type VehicleState struct {
	Pose       motion.Pose // metres ENU from home
	CustomMode uint32
	Mode       Mode
	Mission    int // mission items held
	Current    int // the item being flown
	Setpoints  int // position setpoints received
}

// Vehicle is a simulated autopilot speaking the MAVLink subset of PX4 and
// ArduPilot that the bridge uses: heartbeats with their mode encodings,
// GLOBAL_POSITION_INT, ATTITUDE, HOME_POSITION, GPS_GLOBAL_ORIGIN and
// MISSION_CURRENT telemetry (PX4 streams it unasked, ArduPilot only when
// asked with SET_MESSAGE_INTERVAL or REQUEST_DATA_STREAM), position setpoints
// obeyed in OFFBOARD or GUIDED, the mission upload protocol, mode changes and
// command acknowledgements. Like PX4, it refuses OFFBOARD without a fresh
// setpoint stream and leaves it for a hold when the stream stops.
type Vehicle struct {
	cfg  VehicleConfig
	node *gomavlib.Node

	mu        sync.Mutex
	b         body
	custom    uint32
	holdAt    r3.Vec
	target    r3.Vec
	targetYaw float64
	targetAt  time.Time
	setpoints int
	mission   []missionWP
	current   int
	intervals map[uint32]time.Duration
	lastSent  map[uint32]time.Time
	once      []uint32 // messages requested once
	up        *upload
	boot      time.Time
}

// missionWP is a mission item in the vehicle's frame.
type missionWP struct {
	pos    r3.Vec
	loiter bool
}

// upload is the vehicle's side of a mission upload in progress.
type upload struct {
	items []missionWP
	next  int
	asked time.Time
	tries int
}

// NewVehicle checks cfg and returns a simulated autopilot; Run starts it.
func NewVehicle(cfg VehicleConfig) (*Vehicle, error) {
	if cfg.Endpoint == nil {
		return nil, errors.New("mavlink: vehicle: no endpoint")
	}
	if _, err := ParseAutopilot(string(cfg.Autopilot)); err != nil {
		return nil, err
	}
	if cfg.Kind != motion.KindMultirotor && cfg.Kind != motion.KindFixedWing {
		return nil, fmt.Errorf("mavlink: vehicle: unknown kind %q", cfg.Kind)
	}
	if err := cfg.Home.Validate(); err != nil {
		return nil, fmt.Errorf("mavlink: vehicle home: %w", err)
	}
	if !(cfg.Speed > 0) || (cfg.Kind == motion.KindFixedWing && !(cfg.TurnRadius > 0)) {
		return nil, fmt.Errorf("mavlink: vehicle: speed %v and turn radius %v must be > 0", cfg.Speed, cfg.TurnRadius)
	}
	if cfg.ClimbRate <= 0 {
		cfg.ClimbRate = cfg.Speed
	}
	if cfg.SystemID == 0 {
		cfg.SystemID = 1
	}
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	v := &Vehicle{
		cfg: cfg,
		b: body{kind: cfg.Kind, speed: cfg.Speed, radius: cfg.TurnRadius, climb: cfg.ClimbRate, yawR: cfg.YawRate,
			pose: cfg.Start},
		intervals: map[uint32]time.Duration{},
		lastSent:  map[uint32]time.Time{},
	}
	v.custom, _ = cfg.Autopilot.CustomMode(ModeHold, cfg.Kind)
	v.holdAt = v.holdCenter()
	if cfg.Autopilot == PX4 {
		// PX4 streams its telemetry on every link unasked.
		for _, s := range streams {
			v.intervals[s.id] = time.Duration(float64(time.Second) / s.hz)
		}
	}
	return v, nil
}

// State returns what the vehicle is doing now.
func (v *Vehicle) State() VehicleState {
	v.mu.Lock()
	defer v.mu.Unlock()
	return VehicleState{Pose: v.b.pose, CustomMode: v.custom, Mode: v.cfg.Autopilot.ModeOf(v.custom, v.cfg.Kind),
		Mission: len(v.mission), Current: v.current, Setpoints: v.setpoints}
}

// SwitchMode changes the flight mode as a pilot's transmitter would, without
// any message from the link: what the bridge must notice and respect.
func (v *Vehicle) SwitchMode(m Mode) {
	v.mu.Lock()
	defer v.mu.Unlock()
	c, _ := v.cfg.Autopilot.CustomMode(m, v.cfg.Kind)
	v.enter(c)
}

// Run serves the link and flies until ctx is done.
func (v *Vehicle) Run(ctx context.Context) error {
	v.node = &gomavlib.Node{
		Endpoints:      []gomavlib.EndpointConf{v.cfg.Endpoint},
		Dialect:        common.Dialect,
		OutVersion:     gomavlib.V2,
		OutSystemID:    v.cfg.SystemID,
		OutComponentID: uint8(common.MAV_COMP_ID_AUTOPILOT1),
		// Its heartbeat carries the mode, so it sends its own.
		HeartbeatDisable: true,
	}
	if err := v.node.Initialize(); err != nil {
		return fmt.Errorf("mavlink: vehicle: %w", err)
	}
	v.mu.Lock()
	v.boot = time.Now()
	v.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for evt := range v.node.Events() {
			switch e := evt.(type) {
			case *gomavlib.EventChannelOpen:
				// Announce ourselves to a new peer at once rather than at
				// the next beat, so that it finds us without waiting.
				_ = v.node.WriteMessageTo(e.Channel, v.heartbeat())
			case *gomavlib.EventFrame:
				v.mu.Lock()
				out := v.handle(e.Message(), time.Now())
				v.mu.Unlock()
				v.send(out...)
			}
		}
	}()
	tick := time.NewTicker(time.Second / vehiclePhysicsHz)
	defer tick.Stop()
	beat := time.NewTicker(time.Second)
	defer beat.Stop()
	last := time.Now()
	v.send(v.heartbeat())
	for {
		select {
		case <-ctx.Done():
			v.node.Close()
			wg.Wait()
			return nil
		case <-beat.C:
			v.send(v.heartbeat())
		case now := <-tick.C:
			dt := min(now.Sub(last).Seconds(), 0.1)
			last = now
			v.mu.Lock()
			out := v.step(now, dt)
			v.mu.Unlock()
			v.send(out...)
		}
	}
}

func (v *Vehicle) send(msgs ...message.Message) {
	for _, m := range msgs {
		_ = v.node.WriteMessageAll(m)
	}
}

func (v *Vehicle) heartbeat() *common.MessageHeartbeat {
	v.mu.Lock()
	defer v.mu.Unlock()
	typ := common.MAV_TYPE_HEXAROTOR
	if v.cfg.Kind == motion.KindFixedWing {
		typ = common.MAV_TYPE_FIXED_WING
	}
	base := common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED | common.MAV_MODE_FLAG_SAFETY_ARMED | common.MAV_MODE_FLAG_STABILIZE_ENABLED
	switch v.cfg.Autopilot.ModeOf(v.custom, v.cfg.Kind) {
	case ModeGuided:
		base |= common.MAV_MODE_FLAG_GUIDED_ENABLED
	case ModeMission, ModeHold:
		base |= common.MAV_MODE_FLAG_GUIDED_ENABLED | common.MAV_MODE_FLAG_AUTO_ENABLED
	}
	return &common.MessageHeartbeat{Type: typ, Autopilot: v.cfg.Autopilot.mavAutopilot(), BaseMode: base,
		CustomMode: v.custom, SystemStatus: common.MAV_STATE_ACTIVE, MavlinkVersion: 3}
}

// holdCenter is where a hold entered now keeps the vehicle.
func (v *Vehicle) holdCenter() r3.Vec {
	if v.b.fixedWing() {
		return orbitCenter(v.b.pose, v.b.radius)
	}
	return v.b.pose.Vec
}

// enter switches to custom mode c.
func (v *Vehicle) enter(c uint32) {
	if v.cfg.Autopilot.ModeOf(c, v.cfg.Kind) != ModeGuided || v.cfg.Autopilot.ModeOf(v.custom, v.cfg.Kind) != ModeGuided {
		v.holdAt = v.holdCenter()
	}
	if c != v.custom {
		v.cfg.Log("mode %s -> %s", v.cfg.Autopilot.ModeName(v.custom, v.cfg.Kind), v.cfg.Autopilot.ModeName(c, v.cfg.Kind))
	}
	v.custom = c
}

func (v *Vehicle) ms(now time.Time) uint32 { return uint32(now.Sub(v.boot).Milliseconds()) }

// step advances the vehicle by dt seconds and returns the telemetry due.
func (v *Vehicle) step(now time.Time, dt float64) []message.Message {
	var out []message.Message
	ap, kind := v.cfg.Autopilot, v.cfg.Kind
	switch ap.ModeOf(v.custom, kind) {
	case ModeGuided:
		if ap == PX4 && now.Sub(v.targetAt) > offboardLoss {
			hold, _ := ap.CustomMode(ModeHold, kind)
			v.enter(hold)
			v.cfg.Log("offboard setpoints stopped: holding")
			out = append(out, v.text("Offboard signal lost: holding"))
			v.b.hold(v.holdAt, dt)
			break
		}
		if v.targetAt.IsZero() {
			v.b.hold(v.holdAt, dt)
			break
		}
		if v.b.fixedWing() && math.Hypot(v.target.X-v.b.pose.X, v.target.Y-v.b.pose.Y) < v.b.radius {
			v.b.hold(v.target, dt)
			break
		}
		v.b.goTo(v.target, v.targetYaw, 0, dt)
	case ModeMission:
		out = append(out, v.flyMission(dt)...)
	default:
		v.b.hold(v.holdAt, dt)
	}
	if v.up != nil && now.Sub(v.up.asked) > uploadRetry {
		if v.up.tries++; v.up.tries > uploadTries {
			v.up = nil
		} else {
			v.up.asked = now
			out = append(out, v.request(v.up.next))
		}
	}
	for id, every := range v.intervals {
		if every > 0 && now.Sub(v.lastSent[id]) >= every {
			v.lastSent[id] = now
			out = append(out, v.telemetry(id, now)...)
		}
	}
	for _, id := range v.once {
		out = append(out, v.telemetry(id, now)...)
	}
	v.once = v.once[:0]
	return out
}

// flyMission flies toward the current mission item.
func (v *Vehicle) flyMission(dt float64) []message.Message {
	if v.current >= len(v.mission) {
		v.b.hold(v.holdAt, dt)
		return nil
	}
	wp := v.mission[v.current]
	if wp.loiter {
		v.holdAt = wp.pos
		v.b.hold(v.holdAt, dt)
		return nil
	}
	accept := multirotorAccept
	if v.b.fixedWing() {
		accept = fixedWingAcceptFr * v.b.radius
	}
	d := r3.Sub(wp.pos, v.b.pose.Vec)
	if !v.b.goTo(wp.pos, math.Atan2(d.Y, d.X), accept, dt) {
		return nil
	}
	reached := v.current
	v.current++
	if v.current >= len(v.mission) {
		v.holdAt = v.holdCenter()
	}
	return []message.Message{
		&common.MessageMissionItemReached{Seq: uint16(reached)},
		&common.MessageMissionCurrent{Seq: uint16(v.current), Total: uint16(len(v.mission))},
	}
}

func (v *Vehicle) text(s string) *common.MessageStatustext {
	return &common.MessageStatustext{Severity: common.MAV_SEVERITY_WARNING, Text: s}
}

// telemetry returns message id as the vehicle would send it now.
func (v *Vehicle) telemetry(id uint32, now time.Time) []message.Message {
	home := v.cfg.Home
	switch id {
	case 33:
		p := v.b.pose
		lat, lon, _ := home.FromENU(r3.Vec{X: p.X, Y: p.Y})
		ned := ENUToNED(v.b.vel)
		hdg := math.Mod(HeadingToYaw(p.Heading)*180/math.Pi+360, 360)
		return []message.Message{&common.MessageGlobalPositionInt{
			TimeBootMs: v.ms(now), Lat: toE7(lat), Lon: toE7(lon),
			Alt: int32(math.Round((home.Alt + p.Z) * 1e3)), RelativeAlt: int32(math.Round(p.Z * 1e3)),
			Vx: int16(math.Round(ned.X * 100)), Vy: int16(math.Round(ned.Y * 100)), Vz: int16(math.Round(ned.Z * 100)),
			Hdg: uint16(math.Round(hdg*100)) % 36000,
		}}
	case 30:
		return []message.Message{&common.MessageAttitude{TimeBootMs: v.ms(now), Roll: float32(v.b.roll),
			Yaw: float32(HeadingToYaw(v.b.pose.Heading))}}
	case 42:
		return []message.Message{&common.MessageMissionCurrent{Seq: uint16(v.current), Total: uint16(len(v.mission))}}
	case 242:
		return []message.Message{&common.MessageHomePosition{Latitude: toE7(home.Lat), Longitude: toE7(home.Lon),
			Altitude: int32(math.Round(home.Alt * 1e3)), Q: [4]float32{1, 0, 0, 0}}}
	case 49:
		return []message.Message{&common.MessageGpsGlobalOrigin{Latitude: toE7(home.Lat), Longitude: toE7(home.Lon),
			Altitude: int32(math.Round(home.Alt * 1e3))}}
	}
	return nil
}

func (v *Vehicle) ack(cmd common.MAV_CMD, r common.MAV_RESULT) *common.MessageCommandAck {
	return &common.MessageCommandAck{Command: cmd, Result: r}
}

func (v *Vehicle) request(seq int) *common.MessageMissionRequestInt {
	return &common.MessageMissionRequestInt{Seq: uint16(seq), MissionType: common.MAV_MISSION_TYPE_MISSION}
}

// handle reacts to a message from the link and returns the replies.
func (v *Vehicle) handle(msg message.Message, now time.Time) []message.Message {
	switch m := msg.(type) {
	case *common.MessageCommandLong:
		if m.TargetSystem != 0 && m.TargetSystem != v.cfg.SystemID {
			return nil
		}
		return []message.Message{v.command(m, now)}
	case *common.MessageSetMode:
		if m.TargetSystem == v.cfg.SystemID {
			v.enter(m.CustomMode)
		}
	case *common.MessageSetPositionTargetGlobalInt:
		if m.CoordinateFrame != common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT || !finite(float64(m.Alt)) ||
			!latLonOK(m.LatInt, m.LonInt) {
			return nil
		}
		p := v.cfg.Home.ToENU(float64(m.LatInt)/1e7, float64(m.LonInt)/1e7, v.cfg.Home.Alt)
		v.setTarget(r3.Vec{X: p.X, Y: p.Y, Z: float64(m.Alt)}, float64(m.Yaw), now)
	case *common.MessageSetPositionTargetLocalNed:
		// The vehicle's local origin is its home.
		if m.CoordinateFrame != common.MAV_FRAME_LOCAL_NED || !finite(float64(m.X)) || !finite(float64(m.Y)) || !finite(float64(m.Z)) {
			return nil
		}
		v.setTarget(NEDToENU(r3.Vec{X: float64(m.X), Y: float64(m.Y), Z: float64(m.Z)}), float64(m.Yaw), now)
	case *common.MessageMissionCount:
		if m.MissionType != common.MAV_MISSION_TYPE_MISSION {
			return nil
		}
		if m.Count == 0 {
			v.mission, v.current = nil, 0
			return []message.Message{&common.MessageMissionAck{Type: common.MAV_MISSION_ACCEPTED}}
		}
		v.up = &upload{items: make([]missionWP, m.Count), asked: now}
		return []message.Message{v.request(0)}
	case *common.MessageMissionItemInt:
		return v.missionItem(m, now)
	case *common.MessageMissionSetCurrent:
		if int(m.Seq) < len(v.mission) {
			v.current = int(m.Seq)
			return []message.Message{&common.MessageMissionCurrent{Seq: m.Seq, Total: uint16(len(v.mission))}}
		}
	case *common.MessageRequestDataStream:
		every := time.Duration(0)
		if m.StartStop != 0 && m.ReqMessageRate > 0 {
			every = time.Second / time.Duration(m.ReqMessageRate)
		}
		switch m.ReqStreamId {
		case 0:
			v.intervals[33], v.intervals[30], v.intervals[42] = every, every, every
		case 6:
			v.intervals[33] = every
		case 10:
			v.intervals[30] = every
		}
	}
	return nil
}

func (v *Vehicle) setTarget(p r3.Vec, yaw float64, now time.Time) {
	v.target, v.targetYaw, v.targetAt = p, YawToHeading(yaw), now
	v.setpoints++
}

func (v *Vehicle) missionItem(m *common.MessageMissionItemInt, now time.Time) []message.Message {
	u := v.up
	if u == nil || m.MissionType != common.MAV_MISSION_TYPE_MISSION {
		return nil
	}
	if int(m.Seq) != u.next {
		return []message.Message{v.request(u.next)}
	}
	if m.Frame != common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT || !latLonOK(m.X, m.Y) || !finite(float64(m.Z)) ||
		(m.Command != common.MAV_CMD_NAV_WAYPOINT && m.Command != common.MAV_CMD_NAV_LOITER_UNLIM) {
		v.up = nil
		return []message.Message{&common.MessageMissionAck{Type: common.MAV_MISSION_UNSUPPORTED}}
	}
	p := v.cfg.Home.ToENU(float64(m.X)/1e7, float64(m.Y)/1e7, v.cfg.Home.Alt)
	u.items[u.next] = missionWP{pos: r3.Vec{X: p.X, Y: p.Y, Z: float64(m.Z)}, loiter: m.Command == common.MAV_CMD_NAV_LOITER_UNLIM}
	u.next++
	u.asked, u.tries = now, 0
	if u.next < len(u.items) {
		return []message.Message{v.request(u.next)}
	}
	v.mission, v.up = u.items, nil
	v.cfg.Log("mission of %d items accepted", len(v.mission))
	// ArduPilot keeps item 0 for home and starts at 1.
	v.current = 0
	if v.cfg.Autopilot == ArduPilot && len(v.mission) > 1 {
		v.current = 1
	}
	return []message.Message{&common.MessageMissionAck{Type: common.MAV_MISSION_ACCEPTED, MissionType: common.MAV_MISSION_TYPE_MISSION}}
}

// command executes a COMMAND_LONG and returns its acknowledgement.
func (v *Vehicle) command(m *common.MessageCommandLong, now time.Time) *common.MessageCommandAck {
	ap, kind := v.cfg.Autopilot, v.cfg.Kind
	switch m.Command {
	case common.MAV_CMD_DO_SET_MODE:
		c := ap.customModeFromParams(m.Param2, m.Param3)
		switch ap.ModeOf(c, kind) {
		case ModeGuided:
			if ap == PX4 && now.Sub(v.targetAt) > offboardRecent {
				return v.ack(m.Command, common.MAV_RESULT_TEMPORARILY_REJECTED)
			}
		case ModeMission:
			if len(v.mission) == 0 {
				return v.ack(m.Command, common.MAV_RESULT_DENIED)
			}
		}
		v.enter(c)
		return v.ack(m.Command, common.MAV_RESULT_ACCEPTED)
	case common.MAV_CMD_SET_MESSAGE_INTERVAL:
		id, us := uint32(m.Param1), m.Param2
		switch {
		case us < 0:
			v.intervals[id] = 0
		case us > 0:
			v.intervals[id] = time.Duration(us) * time.Microsecond
		}
		return v.ack(m.Command, common.MAV_RESULT_ACCEPTED)
	case common.MAV_CMD_REQUEST_MESSAGE:
		v.once = append(v.once, uint32(m.Param1))
		return v.ack(m.Command, common.MAV_RESULT_ACCEPTED)
	case common.MAV_CMD_DO_SET_MISSION_CURRENT:
		if int(m.Param1) >= len(v.mission) || m.Param1 < 0 {
			return v.ack(m.Command, common.MAV_RESULT_DENIED)
		}
		v.current = int(m.Param1)
		return v.ack(m.Command, common.MAV_RESULT_ACCEPTED)
	case common.MAV_CMD_COMPONENT_ARM_DISARM:
		return v.ack(m.Command, common.MAV_RESULT_ACCEPTED)
	}
	return v.ack(m.Command, common.MAV_RESULT_UNSUPPORTED)
}
