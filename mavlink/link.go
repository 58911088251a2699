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
)

// Timing of the protocols the link runs itself.
const (
	heartbeatPeriod = time.Second            // our HEARTBEAT, as MAVLink asks of every component
	commandTimeout  = 400 * time.Millisecond // wait for a COMMAND_ACK before resending
	commandTries    = 5
	missionTimeout  = 500 * time.Millisecond // wait for the next MISSION_REQUEST before resending
	missionTries    = 5
)

// ErrRejected is wrapped by the errors of commands and mission uploads the
// autopilot answered with a refusal (as opposed to not answering at all).
var ErrRejected = errors.New("rejected by the autopilot")

// LinkConfig says how to reach the autopilot and who we are on the link.
type LinkConfig struct {
	// Endpoint is where the autopilot is (see ParseEndpoint).
	Endpoint gomavlib.EndpointConf
	// SystemID and ComponentID identify us; 0 means 1 and 191
	// (MAV_COMP_ID_ONBOARD_COMPUTER), a companion computer of vehicle 1.
	SystemID, ComponentID uint8
	// Status, if set, receives the autopilot's STATUSTEXT messages. It is
	// called on the link's receiving goroutine and must not block.
	Status func(text string)
}

// Link is a MAVLink connection to one autopilot: it announces us as an
// onboard controller with a HEARTBEAT every second, keeps the autopilot's
// latest telemetry (validated; see Stats), and runs the command and mission
// protocols with their acknowledgements, timeouts and retries. Its methods
// are safe for concurrent use.
type Link struct {
	cfg  LinkConfig
	node *gomavlib.Node

	mu       sync.Mutex
	in       inbound
	acks     map[common.MAV_CMD][]chan *common.MessageCommandAck
	mission  chan message.Message // replies for the upload in progress; nil when none
	uploadMu sync.Mutex           // one mission upload at a time

	found     chan struct{} // closed at the autopilot's first heartbeat
	foundOnce sync.Once
	wg        sync.WaitGroup
	stop      chan struct{}
}

// Dial opens the endpoint and waits, until ctx is done, for an autopilot's
// heartbeat. Our own heartbeats go out from the moment the channel opens, so a
// vehicle listening on UDP learns where we are.
func Dial(ctx context.Context, cfg LinkConfig) (*Link, error) {
	if cfg.Endpoint == nil {
		return nil, errors.New("mavlink: no endpoint")
	}
	if cfg.SystemID == 0 {
		cfg.SystemID = 1
	}
	if cfg.ComponentID == 0 {
		cfg.ComponentID = uint8(common.MAV_COMP_ID_ONBOARD_COMPUTER)
	}
	l := &Link{
		cfg:   cfg,
		acks:  map[common.MAV_CMD][]chan *common.MessageCommandAck{},
		found: make(chan struct{}),
		stop:  make(chan struct{}),
	}
	l.node = &gomavlib.Node{
		Endpoints:      []gomavlib.EndpointConf{cfg.Endpoint},
		Dialect:        common.Dialect,
		OutVersion:     gomavlib.V2,
		OutSystemID:    cfg.SystemID,
		OutComponentID: cfg.ComponentID,
		// gomavlib's own heartbeat waits a period before the first one;
		// ours goes out as soon as a channel opens.
		HeartbeatDisable: true,
	}
	if err := l.node.Initialize(); err != nil {
		return nil, fmt.Errorf("mavlink: %w", err)
	}
	l.wg.Add(2)
	go l.receive()
	go l.heartbeats()
	select {
	case <-l.found:
		return l, nil
	case <-ctx.Done():
		l.Close()
		return nil, fmt.Errorf("mavlink: no autopilot heartbeat: %w", ctx.Err())
	}
}

// Close stops the link and waits for its goroutines.
func (l *Link) Close() {
	select {
	case <-l.stop:
		return
	default:
	}
	close(l.stop)
	l.node.Close()
	l.wg.Wait()
}

// Telemetry returns a copy of the latest validated telemetry.
func (l *Link) Telemetry() Telemetry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.in.t
}

// Stats returns the counts of frames used, dropped and ignored so far.
func (l *Link) Stats() Stats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.in.stats
}

// Target returns the autopilot's system and component id.
func (l *Link) Target() (sys, comp uint8) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.in.sys, l.in.comp
}

func (l *Link) heartbeat() *common.MessageHeartbeat {
	return &common.MessageHeartbeat{
		Type:           common.MAV_TYPE_ONBOARD_CONTROLLER,
		Autopilot:      common.MAV_AUTOPILOT_INVALID,
		SystemStatus:   common.MAV_STATE_ACTIVE,
		MavlinkVersion: 3,
	}
}

func (l *Link) heartbeats() {
	defer l.wg.Done()
	t := time.NewTicker(heartbeatPeriod)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			l.write(l.heartbeat())
		}
	}
}

// write sends a message on every channel. gomavlib queues it and never
// reports delivery, so the protocols above rely on replies, not on errors.
func (l *Link) write(m message.Message) {
	_ = l.node.WriteMessageAll(m) // fails only once the node is closed
}

func (l *Link) receive() {
	defer l.wg.Done()
	for evt := range l.node.Events() {
		switch e := evt.(type) {
		case *gomavlib.EventChannelOpen:
			_ = l.node.WriteMessageTo(e.Channel, l.heartbeat())
		case *gomavlib.EventParseError:
			l.mu.Lock()
			l.in.stats.ParseErrors++
			l.mu.Unlock()
		case *gomavlib.EventFrame:
			l.dispatch(e.Message(), e.SystemID(), e.ComponentID(), time.Now())
		}
	}
}

// dispatch applies an inbound message and delivers protocol replies to
// whoever waits for them.
func (l *Link) dispatch(msg message.Message, sys, comp uint8, now time.Time) {
	l.mu.Lock()
	v := l.in.handle(msg, sys, comp, now)
	if v == applied && l.in.sys != 0 {
		l.foundOnce.Do(func() { close(l.found) })
	}
	var ackSubs []chan *common.MessageCommandAck
	var mission chan message.Message
	if v == routed {
		if ack, ok := msg.(*common.MessageCommandAck); ok {
			ackSubs = l.acks[ack.Command]
		}
		mission = l.mission
	}
	l.mu.Unlock()
	if v != routed {
		return
	}
	switch m := msg.(type) {
	case *common.MessageCommandAck:
		for _, c := range ackSubs {
			select {
			case c <- m:
			default:
			}
		}
	case *common.MessageStatustext:
		if l.cfg.Status != nil {
			l.cfg.Status(m.Text)
		}
	default:
		if mission != nil {
			select {
			case mission <- msg:
			default:
			}
		}
	}
}

// Command sends COMMAND_LONG cmd with up to seven parameters and waits for
// its COMMAND_ACK, resending (with the confirmation count raised, as the
// protocol asks) when none comes. A refusal is an error wrapping ErrRejected.
func (l *Link) Command(ctx context.Context, cmd common.MAV_CMD, params ...float32) error {
	var p [7]float32
	copy(p[:], params)
	ch := make(chan *common.MessageCommandAck, 4)
	l.mu.Lock()
	l.acks[cmd] = append(l.acks[cmd], ch)
	sys, comp := l.in.sys, l.in.comp
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		subs := l.acks[cmd]
		for i, c := range subs {
			if c == ch {
				l.acks[cmd] = append(subs[:i:i], subs[i+1:]...)
				break
			}
		}
		l.mu.Unlock()
	}()
	for try := range commandTries {
		l.write(&common.MessageCommandLong{
			TargetSystem: sys, TargetComponent: comp, Command: cmd, Confirmation: uint8(try),
			Param1: p[0], Param2: p[1], Param3: p[2], Param4: p[3], Param5: p[4], Param6: p[5], Param7: p[6],
		})
		timer := time.NewTimer(commandTimeout)
	wait:
		for {
			select {
			case <-ctx.Done():
				timer.Stop()
				return fmt.Errorf("mavlink: command %v: %w", cmd, ctx.Err())
			case <-timer.C:
				break wait
			case ack := <-ch:
				switch ack.Result {
				case common.MAV_RESULT_ACCEPTED:
					timer.Stop()
					return nil
				case common.MAV_RESULT_IN_PROGRESS:
					continue
				}
				timer.Stop()
				return fmt.Errorf("mavlink: command %v: %v: %w", cmd, ack.Result, ErrRejected)
			}
		}
	}
	return fmt.Errorf("mavlink: command %v: no acknowledgement after %d tries", cmd, commandTries)
}

// SetMode asks the autopilot for mode m (for a vehicle of the given kind) with
// MAV_CMD_DO_SET_MODE and waits for the acknowledgement.
func (l *Link) SetMode(ctx context.Context, a Autopilot, m Mode, kind string) error {
	p1, p2, p3, ok := a.setModeParams(m, kind)
	if !ok {
		return fmt.Errorf("mavlink: no %s mode for %v", a, m)
	}
	return l.Command(ctx, common.MAV_CMD_DO_SET_MODE, p1, p2, p3)
}

// Streamed messages and the rates the bridge asks for.
var streams = []struct {
	id uint32
	hz float64
}{
	{33, 10},   // GLOBAL_POSITION_INT
	{30, 10},   // ATTITUDE
	{42, 2},    // MISSION_CURRENT
	{242, 0.5}, // HOME_POSITION
}

// RequestStreams asks for the telemetry the flight loop needs with
// MAV_CMD_SET_MESSAGE_INTERVAL, which PX4 and ArduPilot both obey (ArduPilot
// sends nothing unasked), then for the home position and the EKF origin once.
// An autopilot that does not acknowledge a request is not an error: PX4
// streams most of these anyway, and the flight loop checks what arrives.
func (l *Link) RequestStreams(ctx context.Context) error {
	for _, s := range streams {
		err := l.Command(ctx, common.MAV_CMD_SET_MESSAGE_INTERVAL, float32(s.id), float32(1e6/s.hz))
		if ctx.Err() != nil {
			return err
		}
	}
	for _, id := range []float32{242, 49} { // HOME_POSITION, GPS_GLOBAL_ORIGIN
		if err := l.Command(ctx, common.MAV_CMD_REQUEST_MESSAGE, id); ctx.Err() != nil {
			return err
		}
	}
	return nil
}

// positionMask ignores velocity, acceleration and yaw rate: a position and
// yaw setpoint.
const positionMask = common.POSITION_TARGET_TYPEMASK_VX_IGNORE | common.POSITION_TARGET_TYPEMASK_VY_IGNORE |
	common.POSITION_TARGET_TYPEMASK_VZ_IGNORE | common.POSITION_TARGET_TYPEMASK_AX_IGNORE |
	common.POSITION_TARGET_TYPEMASK_AY_IGNORE | common.POSITION_TARGET_TYPEMASK_AZ_IGNORE |
	common.POSITION_TARGET_TYPEMASK_YAW_RATE_IGNORE

// globalTarget is the SET_POSITION_TARGET_GLOBAL_INT for mission-frame point
// p with heading h: latitude and longitude in 1e-7 degrees, height above home
// (MAV_FRAME_GLOBAL_RELATIVE_ALT_INT) and the heading as a NED yaw.
func globalTarget(f Frame, p r3.Vec, h float64, sys, comp uint8, bootMs uint32) *common.MessageSetPositionTargetGlobalInt {
	lat, lon, alt := f.ToGlobal(p)
	return &common.MessageSetPositionTargetGlobalInt{
		TimeBootMs: bootMs, TargetSystem: sys, TargetComponent: comp,
		CoordinateFrame: common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, TypeMask: positionMask,
		LatInt: toE7(lat), LonInt: toE7(lon), Alt: float32(alt), Yaw: float32(HeadingToYaw(h)),
	}
}

// localTarget is the SET_POSITION_TARGET_LOCAL_NED for point ned (metres
// north, east and down of the autopilot's local origin) and NED yaw.
func localTarget(ned r3.Vec, yaw float64, sys, comp uint8, bootMs uint32) *common.MessageSetPositionTargetLocalNed {
	return &common.MessageSetPositionTargetLocalNed{
		TimeBootMs: bootMs, TargetSystem: sys, TargetComponent: comp,
		CoordinateFrame: common.MAV_FRAME_LOCAL_NED, TypeMask: positionMask,
		X: float32(ned.X), Y: float32(ned.Y), Z: float32(ned.Z), Yaw: float32(yaw),
	}
}

// SendGlobalTarget streams one position setpoint: mission-frame point p, to
// be flown with heading h (radians from east, counter-clockwise). bootMs is
// our time since start, which MAVLink stamps setpoints with.
func (l *Link) SendGlobalTarget(f Frame, p r3.Vec, h float64, bootMs uint32) {
	sys, comp := l.Target()
	l.write(globalTarget(f, p, h, sys, comp, bootMs))
}

// SendLocalTarget streams one SET_POSITION_TARGET_LOCAL_NED setpoint: metres
// north, east and down of the autopilot's local origin (its EKF origin,
// GPS_GLOBAL_ORIGIN), and a NED yaw.
func (l *Link) SendLocalTarget(ned r3.Vec, yaw float64, bootMs uint32) {
	sys, comp := l.Target()
	l.write(localTarget(ned, yaw, sys, comp, bootMs))
}

// MissionItem is one waypoint of a mission upload: a geodetic position, its
// height above home, and whether the vehicle should stay there (loiter) or
// fly on.
type MissionItem struct {
	Lat, Lon, RelAlt float64
	Loiter           bool
}

func (it MissionItem) message(seq int, sys, comp uint8) *common.MessageMissionItemInt {
	cmd := common.MAV_CMD_NAV_WAYPOINT
	if it.Loiter {
		cmd = common.MAV_CMD_NAV_LOITER_UNLIM
	}
	return &common.MessageMissionItemInt{
		TargetSystem: sys, TargetComponent: comp, Seq: uint16(seq),
		Frame: common.MAV_FRAME_GLOBAL_RELATIVE_ALT_INT, Command: cmd, Autocontinue: 1,
		X: toE7(it.Lat), Y: toE7(it.Lon), Z: float32(it.RelAlt),
		MissionType: common.MAV_MISSION_TYPE_MISSION,
	}
}

// UploadMission replaces the autopilot's mission with items using the
// MAVLink mission protocol: MISSION_COUNT, then one MISSION_ITEM_INT per
// MISSION_REQUEST_INT (or legacy MISSION_REQUEST) until MISSION_ACK. A
// request that does not come within a timeout makes us resend what the
// autopilot last asked for (the count at first); after several silent
// timeouts the upload fails. A negative MISSION_ACK is an error wrapping
// ErrRejected.
func (l *Link) UploadMission(ctx context.Context, items []MissionItem) error {
	if len(items) == 0 || len(items) > math.MaxUint16 {
		return fmt.Errorf("mavlink: a mission needs 1..%d items, got %d", math.MaxUint16, len(items))
	}
	l.uploadMu.Lock()
	defer l.uploadMu.Unlock()
	ch := make(chan message.Message, 16)
	l.mu.Lock()
	l.mission = ch
	sys, comp := l.in.sys, l.in.comp
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.mission = nil
		l.mu.Unlock()
	}()

	count := &common.MessageMissionCount{TargetSystem: sys, TargetComponent: comp, Count: uint16(len(items)),
		MissionType: common.MAV_MISSION_TYPE_MISSION}
	var last message.Message = count
	l.write(last)
	silent := 0
	timer := time.NewTimer(missionTimeout)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("mavlink: mission upload: %w", ctx.Err())
		case <-timer.C:
			if silent++; silent >= missionTries {
				return fmt.Errorf("mavlink: mission upload: no reply after %d tries", missionTries)
			}
			l.write(last)
			timer.Reset(missionTimeout)
		case m := <-ch:
			seq := -1
			switch r := m.(type) {
			case *common.MessageMissionRequestInt:
				if r.MissionType == common.MAV_MISSION_TYPE_MISSION {
					seq = int(r.Seq)
				}
			case *common.MessageMissionRequest:
				if r.MissionType == common.MAV_MISSION_TYPE_MISSION {
					seq = int(r.Seq)
				}
			case *common.MessageMissionAck:
				if r.MissionType != common.MAV_MISSION_TYPE_MISSION {
					continue
				}
				if r.Type == common.MAV_MISSION_ACCEPTED {
					return nil
				}
				return fmt.Errorf("mavlink: mission upload: %v: %w", r.Type, ErrRejected)
			}
			if seq < 0 {
				continue
			}
			if seq >= len(items) {
				return fmt.Errorf("mavlink: mission upload: autopilot asked for item %d of %d", seq, len(items))
			}
			silent = 0
			last = items[seq].message(seq, sys, comp)
			l.write(last)
			timer.Reset(missionTimeout)
		}
	}
}

// SetCurrentItem makes the autopilot fly mission item seq next
// (MISSION_SET_CURRENT; the autopilot confirms with MISSION_CURRENT).
func (l *Link) SetCurrentItem(seq int) {
	sys, comp := l.Target()
	l.write(&common.MessageMissionSetCurrent{TargetSystem: sys, TargetComponent: comp, Seq: uint16(seq)})
}
