package mavlink

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
)

// Defaults of FlightConfig's zero fields.
const (
	DefaultSetpointRate = 20.0             // Hz
	DefaultBeliefRate   = 10.0             // Hz
	DefaultStaleAfter   = time.Second      // telemetry age that stops the targets
	DefaultLostAfter    = 10 * time.Second // telemetry age that ends the flight
	DefaultMissionItems = 40               // fixed-wing waypoints per upload
)

// Flight-loop constants.
const (
	lookaheadMargin = 1.5                    // s added to the plan time: where the next plan starts (as sim)
	homeWait        = 3 * time.Second        // how long to wait for HOME_POSITION before anchoring at the first fix
	streamLead      = 500 * time.Millisecond // setpoints streamed before OFFBOARD/GUIDED is asked for (PX4 needs >2 Hz first)
	engageRetry     = time.Second            // wait before asking again for a refused mode
	engageTries     = 5
	modeGrace       = 1500 * time.Millisecond // after an acknowledged mode change, heartbeats may still show the old one
	attitudeFresh   = 500 * time.Millisecond
	exitHoldTimeout = 1500 * time.Millisecond
)

// Errors that end a flight.
var (
	// ErrPilotOverride: the vehicle left the mode the bridge put it in, so a
	// pilot (or the autopilot's own failsafe) took over; the bridge stops
	// commanding at once.
	ErrPilotOverride = errors.New("the vehicle left the commanded mode: stopped commanding")
	// ErrLinkLost: no telemetry for FlightConfig.LostAfter.
	ErrLinkLost = errors.New("telemetry lost")
	// ErrUnsafeTarget: a target was outside the bounds or inside a keep-out,
	// so it was not sent and the vehicle was told to hold.
	ErrUnsafeTarget = errors.New("unsafe target withheld")
)

// FlightConfig is everything Fly needs: the planner and its world, the
// vehicle, and how to drive the autopilot.
type FlightConfig struct {
	Planner   planner.Replanner // any kind (planner.Build)
	Grid      *belief.Grid      // the initial belief; Fly works on a clone
	Sensor    *belief.Sensor
	Validator *motion.Validator // no target outside the bounds (when asked) or inside a keep-out is ever sent
	Kind      string            // motion.KindMultirotor (setpoints) or motion.KindFixedWing (missions)
	Speed     float64           // m/s, the planner's: sets how near a multirotor must come to a waypoint
	Start     motion.Pose       // the mission's start: where home is when Frame is nil
	Budget    planner.Budget
	PlanTime  time.Duration // wall-clock deadline of every replan
	Autopilot Autopilot

	// Frame ties the mission to the Earth; nil anchors the mission at the
	// autopilot's home (HOME_POSITION, else the first position fix), which
	// becomes Start's x, y.
	Frame *Frame
	// LocalSetpoints streams SET_POSITION_TARGET_LOCAL_NED relative to the
	// autopilot's GPS_GLOBAL_ORIGIN instead of SET_POSITION_TARGET_GLOBAL_INT.
	LocalSetpoints bool
	// Detections, if set, delivers the onboard detector's reports.
	Detections <-chan Detection
	// Log receives one line per event (replans, mode changes, safety).
	Log func(format string, args ...any)

	SetpointRate float64       // Hz; default DefaultSetpointRate (≥ 10 as offboard control wants)
	BeliefRate   float64       // Hz; default DefaultBeliefRate
	StaleAfter   time.Duration // default DefaultStaleAfter
	LostAfter    time.Duration // default DefaultLostAfter
	MissionItems int           // default DefaultMissionItems

	// OnFrame, if set, is called after every camera frame with read-only
	// copies of what the flight loop knows (for the visualizer).
	OnFrame func(FlightSnapshot)
}

// FlightSnapshot is the flight loop's state after a camera frame: copies the
// receiver may keep.
type FlightSnapshot struct {
	T         float64 // seconds since launch (0 before)
	Vehicle   motion.Pose
	Footprint []r2.Vec
	Plan      []motion.Pose // the plan being flown
	Reached   int           // waypoints of Plan already reached
	Belief    *belief.Grid
	Found     []r2.Vec // where detections were reported
	Replans   int
	Entropy   float64 // bits
	// BudgetLeft is the fraction of the budget left, the tighter of
	// distance and time.
	BudgetLeft float64
}

// FlightResult is what a flight did.
type FlightResult struct {
	Replans                  int
	Distance                 float64       // metres flown since launch
	Duration                 time.Duration // since launch
	EntropyStart, EntropyEnd float64       // bits
	Belief                   *belief.Grid  // the belief at the end
	Setpoints, Uploads       int
	Detections               int
	Link                     Stats
}

func (c *FlightConfig) check() error {
	switch {
	case c.Planner == nil || c.Grid == nil || c.Sensor == nil:
		return errors.New("mavlink: flight needs a planner, a grid and a sensor")
	case c.Kind != motion.KindMultirotor && c.Kind != motion.KindFixedWing:
		return fmt.Errorf("mavlink: unknown vehicle kind %q", c.Kind)
	case !(c.Speed > 0) || !(c.PlanTime > 0):
		return fmt.Errorf("mavlink: speed %v and plan time %v must be > 0", c.Speed, c.PlanTime)
	}
	if _, err := ParseAutopilot(string(c.Autopilot)); err != nil {
		return err
	}
	if c.Frame != nil {
		if err := c.Frame.Validate(); err != nil {
			return err
		}
	}
	if c.SetpointRate <= 0 {
		c.SetpointRate = DefaultSetpointRate
	}
	if c.BeliefRate <= 0 {
		c.BeliefRate = DefaultBeliefRate
	}
	if c.StaleAfter <= 0 {
		c.StaleAfter = DefaultStaleAfter
	}
	if c.LostAfter <= 0 {
		c.LostAfter = DefaultLostAfter
	}
	if c.MissionItems <= 0 {
		c.MissionItems = DefaultMissionItems
	}
	if c.Log == nil {
		c.Log = func(string, ...any) {}
	}
	return c.Budget.Validate()
}

// phase is where the flight is.
type phase uint8

const (
	phasePlanning phase = iota // waiting for the first plan; the vehicle holds
	phaseEngaging              // a plan exists; asking for OFFBOARD/GUIDED/AUTO
	phaseFlying                // the autopilot flies our targets
)

// flight is the state of one Fly.
type flight struct {
	cfg   FlightConfig
	l     *Link
	ctx   context.Context
	began time.Time
	wg    sync.WaitGroup

	frame    Frame
	anchored bool
	firstFix time.Time

	grid, planGrid *belief.Grid
	fp             []r2.Vec
	hits           []int
	seen           []int
	pending        []Detection
	found          []reward.Detection // where targets were reported, latest first seen per place, for the reward terms
	nextFrame      time.Time

	online       *planner.Online
	plan         []motion.Pose
	reached      int
	replanning   bool
	replanCh     chan replanDone
	exhausted    bool // maxEmptyReplans replans in a row found nothing more to fly
	emptyReplans int

	phase        phase
	stale        bool
	streamFrom   time.Time // first setpoint of the current engagement
	engageAt     time.Time // earliest time to ask for the mode (again)
	engageFails  int
	commanded    Mode
	commandedAt  time.Time
	modeSeen     bool
	cmdSeq       int
	cmdCancel    context.CancelFunc
	cmdCh        chan cmdDone
	commandBusy  bool
	launched     time.Time
	pose         motion.Pose
	lastPos      r3.Vec
	flown        float64
	upCh         chan upDone
	uploaded     bool // a mission of ours is on the autopilot
	uploadedAt   time.Time
	missionBase  int // plan index of the mission's first waypoint
	drops        int // waypoints dropped by commits, for missionBase
	res          FlightResult
	missionFirst int // sequence number of the first waypoint (ArduPilot keeps 0 for home)
}

// maxEmptyReplans is how many replans in a row may find nothing to fly
// before the flight counts its plan as complete.
const maxEmptyReplans = 3

type replanDone struct {
	res planner.Result
	err error
}

type cmdDone struct {
	seq  int
	mode Mode
	err  error
}

type upDone struct {
	base, drops int
	err         error
}

// Fly runs the online planning loop against the autopilot on l in wall-clock
// time until the budget is spent, the plan runs out, ctx is cancelled, or a
// safety rule stops it.
//
// It plans from the vehicle's pose, then, for a multirotor, streams position
// setpoints along the plan at SetpointRate and only then asks for OFFBOARD
// (PX4) or GUIDED (ArduPilot); for a fixed-wing it uploads the next stretch of
// the plan as a mission and asks for AUTO. Every PlanTime it replans from
// where the vehicle will be (planner.Online) and sends the new plan. The
// camera footprint at each telemetry pose, and the detections that arrive,
// update the belief with the simulator's Bayes update.
//
// Safety: a target outside the bounds (with stay_in_bounds) or inside a
// keep-out is never sent (ErrUnsafeTarget); telemetry older than StaleAfter
// stops the targets and commands a hold at once, and the flight resumes
// when telemetry returns; no telemetry for LostAfter ends it (ErrLinkLost);
// a mode change that is not ours ends it without another command
// (ErrPilotOverride). Every other end leaves the vehicle holding.
func Fly(ctx context.Context, l *Link, cfg FlightConfig) (FlightResult, error) {
	if err := cfg.check(); err != nil {
		return FlightResult{}, err
	}
	ctx, cancel := context.WithCancel(ctx)
	f := &flight{
		cfg: cfg, l: l, ctx: ctx, began: time.Now(),
		grid: cfg.Grid.Clone(), planGrid: cfg.Grid.Clone(),
		replanCh: make(chan replanDone, 1), cmdCh: make(chan cmdDone, 8), upCh: make(chan upDone, 2),
	}
	f.pose.Heading = cfg.Start.Heading
	if cfg.Frame != nil {
		f.frame, f.anchored = *cfg.Frame, true
	}
	if cfg.Autopilot == ArduPilot {
		f.missionFirst = 1
	}
	f.res.EntropyStart = f.grid.TotalEntropy()
	err := f.run()
	cancel()
	f.wg.Wait()
	f.res.EntropyEnd = f.grid.TotalEntropy()
	f.res.Belief = f.grid
	f.res.Distance = f.flown
	if !f.launched.IsZero() {
		f.res.Duration = time.Since(f.launched)
	}
	f.res.Link = l.Stats()
	return f.res, err
}

func (f *flight) run() error {
	tick := time.NewTicker(time.Duration(float64(time.Second) / f.cfg.SetpointRate))
	defer tick.Stop()
	for {
		select {
		case <-f.ctx.Done():
			f.holdAndExit("stopped")
			return f.ctx.Err()
		case d, ok := <-f.cfg.Detections:
			if !ok {
				f.cfg.Detections = nil
				continue
			}
			f.pending = append(f.pending, d)
			f.res.Detections++
		case r := <-f.replanCh:
			if err := f.commit(r); err != nil {
				f.holdAndExit("stopping")
				return err
			}
		case r := <-f.cmdCh:
			if err := f.commandDone(r); err != nil {
				f.holdAndExit("mode refused")
				return err
			}
		case r := <-f.upCh:
			if err := f.uploadDone(r); err != nil {
				f.holdAndExit("mission upload failed")
				return err
			}
		case now := <-tick.C:
			done, err := f.tick(now)
			if done {
				return err
			}
		}
	}
}

// holdAndExit commands a hold, waiting briefly for the acknowledgement, as the
// last thing a flight does unless the pilot took over.
func (f *flight) holdAndExit(why string) {
	if f.phase == phasePlanning {
		return
	}
	f.cfg.Log("%s: commanding %s", why, f.modeName(ModeHold))
	ctx, cancel := context.WithTimeout(context.Background(), exitHoldTimeout)
	defer cancel()
	if err := f.l.SetMode(ctx, f.cfg.Autopilot, ModeHold, f.cfg.Kind); err != nil {
		f.cfg.Log("hold not acknowledged: %v", err)
	}
}

func (f *flight) modeName(m Mode) string {
	c, _ := f.cfg.Autopilot.CustomMode(m, f.cfg.Kind)
	return f.cfg.Autopilot.ModeName(c, f.cfg.Kind)
}

// tick is one setpoint period: read telemetry, apply the safety rules, update
// the belief, follow the plan, start replans, stream the target.
func (f *flight) tick(now time.Time) (done bool, err error) {
	t := f.l.Telemetry()
	if t.PositionAt.IsZero() {
		if now.Sub(f.began) > f.cfg.LostAfter {
			return true, fmt.Errorf("mavlink: no position from the autopilot in %v: %w", f.cfg.LostAfter, ErrLinkLost)
		}
		return false, nil
	}
	if !f.anchor(t, now) {
		return false, nil
	}
	if age := now.Sub(t.PositionAt); age > f.cfg.StaleAfter {
		if !f.stale {
			f.stale = true
			if f.phase == phasePlanning {
				f.cfg.Log("telemetry %.2f s old: waiting for it", age.Seconds())
			} else {
				f.cfg.Log("telemetry %.2f s old: no new targets, commanding %s", age.Seconds(), f.modeName(ModeHold))
				f.command(ModeHold)
			}
		}
		if age > f.cfg.LostAfter {
			return true, fmt.Errorf("mavlink: no telemetry for %.1f s: %w", age.Seconds(), ErrLinkLost)
		}
		return false, nil
	}
	if f.stale {
		f.stale = false
		f.cfg.Log("telemetry back")
		if f.phase != phasePlanning {
			f.phase, f.streamFrom, f.engageAt = phaseEngaging, time.Time{}, now
		}
	}
	if f.overridden(t, now) {
		f.cfg.Log("the vehicle is in %s, not %s: the pilot took over; stopped commanding",
			f.cfg.Autopilot.ModeName(t.CustomMode, f.cfg.Kind), f.modeName(f.commanded))
		return true, ErrPilotOverride
	}
	f.updatePose(t)
	if now.After(f.nextFrame) {
		f.nextFrame = now.Add(time.Duration(float64(time.Second) / f.cfg.BeliefRate))
		f.observe(t, now)
	}
	f.advance(t)
	if f.spent(now) {
		f.cfg.Log("budget spent after %.0f m", f.flown)
		f.holdAndExit("mission complete")
		return true, nil
	}
	if f.exhausted && f.reached >= len(f.plan) {
		f.cfg.Log("plan flown to its end after %.0f m", f.flown)
		f.holdAndExit("mission complete")
		return true, nil
	}
	if !f.replanning {
		f.startReplan()
	}
	if f.phase == phasePlanning || len(f.plan) == 0 {
		return false, nil
	}
	if f.cfg.Kind == motion.KindMultirotor {
		if err := f.stream(now); err != nil {
			f.holdAndExit("unsafe target")
			return true, err
		}
	}
	f.engage(now)
	return false, nil
}

// anchor fixes the frame: the given one, else the autopilot's home placed at
// Start, else (after homeWait) the first fix.
func (f *flight) anchor(t Telemetry, now time.Time) bool {
	if f.anchored {
		return true
	}
	if f.firstFix.IsZero() {
		f.firstFix = now
	}
	switch {
	case !t.HomeAt.IsZero():
		f.frame = AnchorAt(t.HomeLat, t.HomeLon, f.cfg.Start.Vec)
		f.cfg.Log("home %.7f, %.7f is the mission's start (%.0f, %.0f)", t.HomeLat, t.HomeLon, f.cfg.Start.X, f.cfg.Start.Y)
	case now.Sub(f.firstFix) > homeWait:
		f.frame = AnchorAt(t.Lat, t.Lon, f.cfg.Start.Vec)
		f.cfg.Log("no home position: the first fix %.7f, %.7f is the mission's start", t.Lat, t.Lon)
	default:
		return false
	}
	f.anchored = true
	return true
}

// overridden reports whether the vehicle has left the mode the bridge
// commanded, once that mode took effect (or a grace period passed).
func (f *flight) overridden(t Telemetry, now time.Time) bool {
	if f.commandedAt.IsZero() || !t.HeartbeatAt.After(f.commandedAt) {
		return false
	}
	mode := f.cfg.Autopilot.ModeOf(t.CustomMode, f.cfg.Kind)
	if mode == f.commanded {
		f.modeSeen = true
		return false
	}
	return f.modeSeen || now.Sub(f.commandedAt) > modeGrace
}

// updatePose converts the telemetry to a mission pose and adds the distance
// flown since launch.
func (f *flight) updatePose(t Telemetry) {
	p := f.frame.ToLocal(t.Lat, t.Lon, t.RelAlt)
	h := f.pose.Heading
	switch {
	case !t.AttitudeAt.IsZero() && t.PositionAt.Sub(t.AttitudeAt) < attitudeFresh:
		h = YawToHeading(t.Yaw)
	case !math.IsNaN(t.PositionYaw):
		h = YawToHeading(t.PositionYaw)
	}
	if !f.launched.IsZero() {
		f.flown += r3.Norm(r3.Sub(p, f.lastPos))
	}
	f.lastPos = p
	f.pose = motion.Pose{Vec: p, Heading: h}
}

// observe is one camera frame at the telemetry pose and attitude: the
// footprint's cells get the Bayes update with what the detector reported.
func (f *flight) observe(t Telemetry, now time.Time) {
	roll, pitch := 0.0, 0.0
	if now.Sub(t.AttitudeAt) < attitudeFresh {
		// MAVLink pitch is nose-up positive; the camera's is nose-down.
		roll, pitch = t.Roll, -t.Pitch
	}
	g, s := f.grid, f.cfg.Sensor
	f.fp = s.Camera.FootprintWithAttitude(f.fp, f.pose.Vec, roll, pitch, f.pose.Heading)
	f.hits = f.hits[:0]
	for _, d := range f.pending {
		p := r2.Vec{X: d.X, Y: d.Y}
		if d.Geo {
			q := f.frame.ToLocal(d.Lat, d.Lon, 0)
			p = r2.Vec{X: q.X, Y: q.Y}
		}
		if i, j, ok := g.CellOf(p); ok {
			f.hits = append(f.hits, g.Index(i, j))
		}
		f.remember(p, now)
	}
	f.pending = f.pending[:0]
	f.seen = f.seen[:0]
	if len(f.fp) >= 3 {
		g.ObserveFootprint(s, f.pose.Vec, f.fp, func(i, j int) bool {
			k := g.Index(i, j)
			f.seen = append(f.seen, k)
			return slices.Contains(f.hits, k)
		})
	}
	// A detection of a cell the footprint did not fully hold (late, or at
	// its edge) still counts, at that cell's range.
	for _, k := range f.hits {
		if slices.Contains(f.seen, k) {
			continue
		}
		i, j := k/g.Cols, k%g.Cols
		c := g.Corner(i, j)
		r := math.Sqrt(sq(c.X-f.pose.X) + sq(c.Y-f.pose.Y) + sq(f.pose.Z))
		tpr, tnr := s.Rates(g.Model[k], r)
		g.Prob[k] = belief.Observe(g.Prob[k], tpr, tnr, true)
		f.seen = append(f.seen, k)
	}
	if f.cfg.OnFrame != nil {
		f.cfg.OnFrame(f.snapshot(now))
	}
}

// snapshot copies the loop's state for FlightConfig.OnFrame.
func (f *flight) snapshot(now time.Time) FlightSnapshot {
	g := *f.grid
	g.Prob = slices.Clone(f.grid.Prob)
	found := make([]r2.Vec, len(f.found))
	for i, d := range f.found {
		found[i] = d.Pos
	}
	left := 1.0 // the tighter of the distance and the time budget
	if b := f.cfg.Budget; b.Distance > 0 {
		left = math.Min(left, 1-f.flown/b.Distance)
	}
	if b := f.cfg.Budget; b.Time > 0 {
		left = math.Min(left, 1-f.missionTime(now)/b.Time)
	}
	left = math.Max(0, left)
	return FlightSnapshot{
		T: f.missionTime(now), Vehicle: f.pose, Footprint: slices.Clone(f.fp),
		Plan: slices.Clone(f.plan), Reached: f.reached, Belief: &g, Found: found,
		Replans: f.res.Replans, Entropy: g.TotalEntropy(), BudgetLeft: left,
	}
}

func sq(v float64) float64 { return v * v }

// remember records a detection for the standoff and revisit reward terms.
// Reports carry no target identity, so a report within two cells of an
// earlier one is taken as the same target seen again: it moves that entry
// and renews its time.
func (f *flight) remember(p r2.Vec, now time.Time) {
	t := f.missionTime(now)
	same := 2 * f.grid.Res
	for i := range f.found {
		if r2.Norm(r2.Sub(f.found[i].Pos, p)) <= same {
			f.found[i] = reward.Detection{Pos: p, Time: t}
			return
		}
	}
	f.found = append(f.found, reward.Detection{Pos: p, Time: t})
}

// missionTime is the time since launch in seconds (0 before launch), the
// clock the reward terms' detections use.
func (f *flight) missionTime(now time.Time) float64 {
	if f.launched.IsZero() {
		return 0
	}
	return now.Sub(f.launched).Seconds()
}

// advance counts the waypoints the vehicle has reached: by distance for a
// multirotor, which the bridge steers itself, and from MISSION_CURRENT for a
// fixed-wing, whose autopilot flies the mission.
func (f *flight) advance(t Telemetry) {
	if f.phase != phaseFlying {
		return
	}
	if f.cfg.Kind == motion.KindFixedWing {
		if f.uploaded && t.MissionAt.After(f.uploadedAt) {
			if k := f.missionBase + t.MissionSeq - f.missionFirst; k > f.reached {
				f.reached = min(k, len(f.plan))
			}
		}
		return
	}
	// By position alone: a vehicle that does not yaw to the setpoint (or
	// whose yaw we cannot see) must not stall at a turn-in-place waypoint.
	accept := math.Max(2, f.cfg.Speed/2)
	for f.reached < len(f.plan) && r3.Norm(r3.Sub(f.plan[f.reached].Vec, f.pose.Vec)) <= accept {
		f.reached++
	}
}

// remaining is the budget left.
func (f *flight) remaining(now time.Time) planner.Budget {
	b := f.cfg.Budget
	if b.Distance > 0 {
		b.Distance -= f.flown
	}
	if b.Time > 0 && !f.launched.IsZero() {
		b.Time -= now.Sub(f.launched).Seconds()
	}
	return b
}

func (f *flight) spent(now time.Time) bool {
	b, r := f.cfg.Budget, f.remaining(now)
	return (b.Distance > 0 && r.Distance <= 0) || (b.Time > 0 && r.Time <= 0)
}

// startReplan plans from where the vehicle will be, on a copy of the belief,
// while the loop keeps streaming the current plan.
func (f *flight) startReplan() {
	if f.online == nil {
		lookahead := f.cfg.PlanTime.Seconds() + lookaheadMargin
		f.online = planner.NewOnline(f.cfg.Speed, f.pose, f.cfg.Budget, lookahead)
	}
	now := time.Now()
	start, budget := f.online.NextStart(f.pose, f.reached, f.remaining(now))
	copy(f.planGrid.Prob, f.grid.Prob)
	// The planner is idle here (one replan at a time), so its reward terms
	// may take the detections so far.
	if d, ok := f.cfg.Planner.(interface {
		SetDetections(now float64, ds []reward.Detection)
	}); ok {
		d.SetDetections(f.missionTime(now), slices.Clone(f.found))
	}
	f.replanning = true
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		deadline, cancel := context.WithTimeout(f.ctx, f.cfg.PlanTime)
		defer cancel()
		res, err := f.cfg.Planner.Replan(f.ctx, start, budget, f.planGrid, planner.Context(deadline))
		f.replanCh <- replanDone{res, err}
	}()
}

// commit publishes a replan's plan.
func (f *flight) commit(r replanDone) error {
	f.replanning = false
	if r.err != nil {
		if f.ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("mavlink: replan: %w", r.err)
	}
	// Commit drops the waypoints reached, so mission items shift down.
	drop := 0
	if len(f.plan) > 0 {
		drop = f.reached
	}
	f.plan = f.online.Commit(r.res, f.reached)
	f.drops += drop
	f.missionBase -= drop
	f.reached = 0
	// One empty replan may be the tree's bad luck (a single node near the
	// end of the budget); the flight ends only after several in a row.
	if len(r.res.Path) <= 1 {
		f.emptyReplans++
	} else {
		f.emptyReplans = 0
	}
	f.exhausted = f.emptyReplans >= maxEmptyReplans
	f.res.Replans++
	left := f.remaining(time.Now())
	f.cfg.Log("replan %d: reward %.2f bits, %d samples, tree %d, plan %.0f m, budget left %s, entropy %.1f bits",
		f.res.Replans, r.res.Reward, r.res.Samples, r.res.TreeSize, r.res.Cost, budgetText(f.cfg.Budget, left), f.grid.TotalEntropy())
	if f.phase == phasePlanning && !f.stale {
		f.phase, f.engageAt = phaseEngaging, time.Now()
	}
	if f.cfg.Kind == motion.KindFixedWing && len(f.plan) > 0 {
		return f.upload()
	}
	return nil
}

func budgetText(total, left planner.Budget) string {
	s := ""
	if total.Distance > 0 {
		s = fmt.Sprintf("%.0f m (%.0f%%)", math.Max(0, left.Distance), 100*math.Max(0, left.Distance)/total.Distance)
	}
	if total.Time > 0 {
		if s != "" {
			s += ", "
		}
		s += fmt.Sprintf("%.0f s (%.0f%%)", math.Max(0, left.Time), 100*math.Max(0, left.Time)/total.Time)
	}
	return s
}

// safe reports whether p may be sent to the autopilot.
func (f *flight) safe(p motion.Pose) bool {
	return finite(p.X) && finite(p.Y) && finite(p.Z) && f.cfg.Validator.StateValid(p)
}

// stream sends the multirotor's setpoint: the next waypoint of the plan.
func (f *flight) stream(now time.Time) error {
	if f.stale {
		return nil
	}
	w := f.plan[min(f.reached, len(f.plan)-1)]
	if !f.safe(w) {
		f.cfg.Log("target (%.1f, %.1f, %.1f) is outside the bounds or inside a keep-out: not sent", w.X, w.Y, w.Z)
		return fmt.Errorf("mavlink: target (%.1f, %.1f, %.1f): %w", w.X, w.Y, w.Z, ErrUnsafeTarget)
	}
	if f.streamFrom.IsZero() {
		f.streamFrom = now
	}
	ms := uint32(now.Sub(f.began).Milliseconds())
	if f.cfg.LocalSetpoints {
		t := f.l.Telemetry()
		if t.OriginAt.IsZero() {
			return nil
		}
		lat, lon, rel := f.frame.ToGlobal(w.Vec)
		f.l.SendLocalTarget(localNED(t, lat, lon, rel), HeadingToYaw(w.Heading), ms)
	} else {
		f.l.SendGlobalTarget(f.frame, w.Vec, w.Heading, ms)
	}
	f.res.Setpoints++
	return nil
}

// localNED places a geodetic point (height above home) in the autopilot's
// local NED frame, whose origin is GPS_GLOBAL_ORIGIN.
func localNED(t Telemetry, lat, lon, relAlt float64) r3.Vec {
	o := geo.Origin{Lat: t.OriginLat, Lon: t.OriginLon, Alt: t.OriginAlt}
	e := o.ToENU(lat, lon, o.Alt)
	home := t.HomeAlt
	if t.HomeAt.IsZero() {
		home = t.OriginAlt
	}
	return ENUToNED(r3.Vec{X: e.X, Y: e.Y, Z: home + relAlt - o.Alt})
}

// engage asks for the mode that flies our targets, once the autopilot can
// take it: a multirotor after streamLead of setpoints, a fixed-wing once its
// mission is uploaded.
func (f *flight) engage(now time.Time) {
	if f.phase != phaseEngaging || f.stale || f.commandBusy || now.Before(f.engageAt) {
		return
	}
	mode := ModeGuided
	if f.cfg.Kind == motion.KindFixedWing {
		if !f.uploaded {
			return
		}
		mode = ModeMission
	} else if f.streamFrom.IsZero() || now.Sub(f.streamFrom) < streamLead {
		return
	}
	f.cfg.Log("asking for %s", f.modeName(mode))
	f.command(mode)
}

// command asks for mode m on its own goroutine, cancelling a command still in
// flight (a hold overrides an engagement).
func (f *flight) command(m Mode) {
	if f.cmdCancel != nil {
		f.cmdCancel()
	}
	ctx, cancel := context.WithCancel(f.ctx)
	f.cmdCancel = cancel
	f.cmdSeq++
	seq := f.cmdSeq
	f.commandBusy = true
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		err := f.l.SetMode(ctx, f.cfg.Autopilot, m, f.cfg.Kind)
		select {
		case f.cmdCh <- cmdDone{seq, m, err}:
		case <-f.ctx.Done():
		}
	}()
}

func (f *flight) commandDone(r cmdDone) error {
	if r.seq != f.cmdSeq {
		return nil
	}
	f.commandBusy = false
	now := time.Now()
	if r.err != nil {
		if f.ctx.Err() != nil || r.mode == ModeHold {
			f.cfg.Log("%s: %v", f.modeName(r.mode), r.err)
			return nil
		}
		if f.engageFails++; f.engageFails >= engageTries {
			return fmt.Errorf("mavlink: the autopilot did not enter %s: %w", f.modeName(r.mode), r.err)
		}
		f.cfg.Log("%s refused (%v): asking again", f.modeName(r.mode), r.err)
		f.engageAt = now.Add(engageRetry)
		return nil
	}
	f.commanded, f.commandedAt, f.modeSeen = r.mode, now, false
	if r.mode == ModeHold {
		return nil
	}
	f.engageFails = 0
	f.phase = phaseFlying
	if f.launched.IsZero() {
		f.launched = now
		f.lastPos = f.pose.Vec
	}
	f.cfg.Log("%s engaged: flying the plan", f.modeName(r.mode))
	return nil
}

// missionItems is the plan ahead as a mission: waypoints from the one the
// vehicle approaches, cut before any unsafe one, ending in a loiter at the
// last so that the vehicle circles rather than flies on if plans stop.
func (f *flight) missionItems() ([]MissionItem, error) {
	ahead := f.plan[min(f.reached, len(f.plan)-1):]
	ahead = ahead[:min(len(ahead), f.cfg.MissionItems)]
	var items []MissionItem
	if f.cfg.Autopilot == ArduPilot {
		// ArduPilot overwrites item 0 with its home.
		lat, lon, _ := f.frame.ToGlobal(f.cfg.Start.Vec)
		items = append(items, MissionItem{Lat: lat, Lon: lon})
	}
	for _, w := range ahead {
		if !f.safe(w) {
			f.cfg.Log("waypoint (%.1f, %.1f, %.1f) is outside the bounds or inside a keep-out: mission cut there", w.X, w.Y, w.Z)
			break
		}
		lat, lon, rel := f.frame.ToGlobal(w.Vec)
		items = append(items, MissionItem{Lat: lat, Lon: lon, RelAlt: rel})
	}
	if len(items) == f.missionFirst {
		w := ahead[0]
		return nil, fmt.Errorf("mavlink: waypoint (%.1f, %.1f, %.1f): %w", w.X, w.Y, w.Z, ErrUnsafeTarget)
	}
	last := items[len(items)-1]
	last.Loiter = true
	return append(items, last), nil
}

// upload sends the fixed-wing the plan ahead (missionItems) on its own
// goroutine and makes its first waypoint current.
func (f *flight) upload() error {
	items, err := f.missionItems()
	if err != nil {
		return err
	}
	base, drops := f.reached, f.drops
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		err := f.l.UploadMission(f.ctx, items)
		if err == nil {
			f.l.SetCurrentItem(f.missionFirst)
		}
		select {
		case f.upCh <- upDone{base, drops, err}:
		case <-f.ctx.Done():
		}
	}()
	return nil
}

func (f *flight) uploadDone(r upDone) error {
	if r.err != nil {
		if f.ctx.Err() != nil {
			return nil
		}
		return r.err
	}
	f.uploaded, f.uploadedAt = true, time.Now()
	f.missionBase = r.base - (f.drops - r.drops)
	f.res.Uploads++
	return nil
}
