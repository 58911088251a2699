package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
)

// lookaheadMargin is added to the plan time to decide where the next plan
// starts: the reference's hard-coded 1.5 s (model §1.4), room for the vehicle
// to reach the start after the plan is published.
const lookaheadMargin = 1.5

// progressEvery is the simulated time between Progress calls, seconds: ten
// per simulated minute.
const progressEvery = 6.0

// Random streams drawn from the seed, one per purpose, so that adding a
// target does not shift the detection draws.
const (
	streamTargets uint64 = 0x7461726765747321
	streamDetect  uint64 = 0x6465746563742121
)

func newRand(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// Setup is one simulated mission: the planner and the world it plans in.
type Setup struct {
	Name        string            // mission name, for the summary
	Planner     planner.Replanner // any kind (planner.Build), on a problem whose grid, sensor and model match the fields below
	PlannerKind string            // for the summary
	Model       motion.Model      // the vehicle's motion model: the vehicle flies the plan with it
	// Grid is the initial belief. Run clones it: the world's belief and the
	// planner's copy are Run's own, and Grid is left untouched, so one
	// Setup can be run for many planners or seeds.
	Grid   *belief.Grid
	Sensor *belief.Sensor
	Start  motion.Pose
	Budget planner.Budget
	// PlanTime is how long each planning cycle takes on the mission clock
	// (and, in realtime mode, the wall-clock deadline of each replan).
	PlanTime time.Duration
	// Iterations, when > 0, fixes the iterations of every deterministic
	// replan instead of calibrating them from PlanTime with
	// Config.IterationsPerSecond.
	Iterations int
	Config     Config // the mission's sim section; zero fields take defaults
	Seed       uint64 // targets and detections; the planner has its own seed
	// Realtime plans against the wall clock (planner.Context with a
	// PlanTime deadline) and advances the mission clock by the wall time
	// each replan took. The default, deterministic mode gives each replan
	// an iteration budget, so a seed reproduces a run bit for bit.
	Realtime bool

	// Progress, if set, is called at most ten times per simulated minute
	// with the mission clock and an estimate of the mission's length, in
	// seconds.
	Progress func(t, total float64)
	// OnFrame, if set, is called after every camera frame with copies of
	// the state; it may keep them. Copying the belief costs one grid of
	// float64 per frame.
	OnFrame func(Snapshot)
}

// Snapshot is the state of the world after a camera frame. Its slices are
// copies owned by the receiver, except Belief's Priority and Model layers,
// which are shared and must not be modified.
type Snapshot struct {
	T         float64 // mission clock, s
	Vehicle   motion.Pose
	Footprint []r2.Vec
	Plan      []motion.Pose // the waypoints being flown
	Reached   int           // waypoints of Plan already reached
	Targets   []Target
	Belief    *belief.Grid
	Sample    Sample // the metrics at T
	// Tree is the planner's tree after the latest replan (nil when the
	// planner does not expose one); PlanReward and PlanSamples are that
	// replan's best reward and the samples it drew. Tree is shared by the
	// snapshots of one planning cycle and never modified.
	Tree        []planner.Segment
	PlanReward  float64
	PlanSamples int
}

func (s *Setup) check() error {
	switch {
	case s.Planner == nil:
		return errors.New("sim: Setup.Planner is nil")
	case s.Model == nil:
		return errors.New("sim: Setup.Model is nil")
	case s.Grid == nil:
		return errors.New("sim: Setup.Grid is nil")
	case s.Sensor == nil:
		return errors.New("sim: Setup.Sensor is nil")
	case !(s.PlanTime > 0):
		return fmt.Errorf("sim: the plan time must be > 0, got %v", s.PlanTime)
	case s.Iterations < 0:
		return fmt.Errorf("sim: Setup.Iterations must be >= 0, got %d", s.Iterations)
	case !(s.Model.Speed() > 0):
		return fmt.Errorf("sim: the vehicle speed must be > 0, got %v", s.Model.Speed())
	}
	if err := s.Budget.Validate(); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	return nil
}

// mission is the state of one Run.
// maxIdleReplans is how many replans in a row may leave the vehicle with
// nothing to fly before the mission ends.
const maxIdleReplans = 3

type mission struct {
	idleReplans int // consecutive replans after which the vehicle had nothing to fly

	// tree, planReward and planSamples describe the latest replan for the
	// snapshots (kept only when Setup.OnFrame is set).
	tree        []planner.Segment
	planReward  float64
	planSamples int

	s        Setup
	cfg      Config
	dt       float64
	w        *world
	veh      *vehicle
	rec      *recorder
	planGrid *belief.Grid

	tick       int64 // the mission clock in physics ticks
	launched   bool
	launchTick int64
	replans    int
	treeSize   int
	entropy0   float64
	total      float64 // estimated mission length, for Progress
	nextReport float64
	planWall   time.Duration
	ended      bool

	// detCount and lastSeen are, per target, the detections counted so far
	// and where and when the latest one was; found is the scratch list of
	// the found targets' latest detections handed to the planner.
	detCount []int
	lastSeen []reward.Detection
	found    []reward.Detection
}

// detectionSetter is a planner whose reward uses the targets detected so far
// (the standoff and revisit terms): *planner.Planner is one.
type detectionSetter interface {
	SetDetections(now float64, ds []reward.Detection)
}

// Run simulates the mission of s and returns its result.
//
// The mission clock starts at 0 with the first planning cycle; the vehicle
// waits at Start until the first plan is published (launch). Then, cycle
// after cycle, the planner plans from where the vehicle will be, while the
// vehicle keeps flying the previous plan for the plan time, and the new plan
// is stitched on. The mission ends when the budget is spent, when the vehicle
// has flown its whole plan and no new plan extends it, or after
// Config.MaxDuration seconds of flight.
//
// An invalid Setup is an error with a nil Result. Once the mission runs, an
// error (ctx cancelled, or a replan failed) stops it and Run returns the
// result so far together with the error, so an interrupted run can still be
// reported.
func Run(ctx context.Context, s Setup) (*Result, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	cfg := s.Config.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	grid := s.Grid.Clone()
	targets, err := placeTargets(cfg.Targets, grid, newRand(s.Seed, streamTargets))
	if err != nil {
		return nil, err
	}
	m := &mission{
		s: s, cfg: cfg, dt: 1 / cfg.Rate,
		w:        newWorld(grid, s.Sensor, targets, newRand(s.Seed, streamDetect)),
		veh:      &vehicle{model: s.Model, pose: s.Start},
		rec:      newRecorder(),
		planGrid: s.Grid.Clone(),
		detCount: make([]int, len(targets)),
		lastSeen: make([]reward.Detection, len(targets)),
	}
	m.entropy0 = m.w.entropy
	m.total = m.estimateLength()
	m.rec.add(m.sample(), m.veh.pose)

	online := planner.NewOnline(s.Model.Speed(), s.Start, s.Budget, s.PlanTime.Seconds()+lookaheadMargin)
	for !m.ended {
		if err := ctx.Err(); err != nil {
			return m.result(), fmt.Errorf("sim: stopped at t=%.1f s: %w", m.now(), err)
		}
		start, budget := online.NextStart(m.veh.pose, m.veh.next, m.remaining())
		copy(m.planGrid.Prob, m.w.grid.Prob)
		if d, ok := s.Planner.(detectionSetter); ok {
			// The root is reached a little after now (the plan time and
			// the stitched prefix): the revisit term's half-life is long
			// against that.
			d.SetDetections(m.now(), m.detections())
		}
		res, took, err := m.plan(ctx, start, budget)
		if err != nil {
			return m.result(), fmt.Errorf("sim: replan %d at t=%.1f s: %w", m.replans+1, m.now(), err)
		}
		// The vehicle flies the previous plan while the planner thinks.
		m.fly(int64(math.Max(1, math.Round(took*cfg.Rate))))
		if m.ended {
			break
		}
		m.veh.setPlan(online.Commit(res, m.veh.next))
		m.replans++
		m.treeSize = res.TreeSize
		if m.s.OnFrame != nil {
			m.planReward, m.planSamples = res.Reward, res.Samples
			if t, ok := m.s.Planner.(interface {
				TreeEdges([]planner.Segment) []planner.Segment
			}); ok {
				m.tree = t.TreeEdges(nil)
			}
		}
		if !m.launched {
			m.launched, m.launchTick = true, m.tick
		}
		// A replan that finds nothing to fly (a tree of one node, near the
		// end of the budget or after very few iterations) gets a few more
		// chances while the vehicle holds, before the mission ends.
		if m.veh.idle() {
			m.idleReplans++
		} else {
			m.idleReplans = 0
		}
		m.ended = m.idleReplans >= maxIdleReplans
	}
	return m.result(), nil
}

// plan runs one replan and returns its result and how long it took on the
// mission clock, in seconds.
func (m *mission) plan(ctx context.Context, start motion.Pose, budget planner.Budget) (planner.Result, float64, error) {
	began := time.Now()
	if m.s.Realtime {
		// The deadline only ends the sampling; ctx itself still aborts.
		deadline, cancel := context.WithTimeout(ctx, m.s.PlanTime)
		defer cancel()
		res, err := m.s.Planner.Replan(ctx, start, budget, m.planGrid, planner.Context(deadline))
		wall := time.Since(began)
		m.planWall += wall
		return res, wall.Seconds(), err
	}
	iters := m.s.Iterations
	if iters == 0 {
		iters = int(math.Max(1, math.Round(m.s.PlanTime.Seconds()*m.cfg.IterationsPerSecond)))
	}
	res, err := m.s.Planner.Replan(ctx, start, budget, m.planGrid, planner.Iterations(iters))
	m.planWall += time.Since(began)
	return res, m.s.PlanTime.Seconds(), err
}

// noteDetections records, for every target the frame at time t detected
// (its count grew), where it was and when.
func (m *mission) noteDetections(t float64) {
	for k := range m.w.targets {
		if tg := &m.w.targets[k]; tg.Detections > m.detCount[k] {
			m.detCount[k] = tg.Detections
			m.lastSeen[k] = reward.Detection{Pos: tg.Pos, Time: t}
		}
	}
}

// detections lists the latest detection of every target found so far, in
// target order.
func (m *mission) detections() []reward.Detection {
	m.found = m.found[:0]
	for k, c := range m.detCount {
		if c > 0 {
			m.found = append(m.found, m.lastSeen[k])
		}
	}
	return m.found
}

// now is the mission clock in seconds.
func (m *mission) now() float64 { return float64(m.tick) * m.dt }

// flight is the time since launch in seconds.
func (m *mission) flight() float64 {
	if !m.launched {
		return 0
	}
	return float64(m.tick-m.launchTick) * m.dt
}

// remaining is the budget left: metres and seconds of flight.
func (m *mission) remaining() planner.Budget {
	b := m.s.Budget
	if b.Distance > 0 {
		b.Distance -= m.veh.flown
	}
	if b.Time > 0 {
		b.Time -= m.flight()
	}
	return b
}

// spent reports whether the mission must end before the next tick.
func (m *mission) spent() bool {
	if !m.launched {
		return false
	}
	b, f := m.s.Budget, m.flight()
	return (b.Distance > 0 && m.veh.flown >= b.Distance*(1-1e-12)) ||
		(b.Time > 0 && f >= b.Time) ||
		(m.cfg.MaxDuration > 0 && f >= m.cfg.MaxDuration)
}

// fly advances the world by up to ticks physics ticks, ending the mission if
// the budget or the duration runs out.
func (m *mission) fly(ticks int64) {
	b := m.s.Budget
	for range ticks {
		if m.ended = m.spent(); m.ended {
			return
		}
		dt, maxDist := m.dt, math.Inf(1)
		if m.launched && b.Time > 0 {
			dt = math.Min(dt, b.Time-m.flight())
		}
		if b.Distance > 0 {
			maxDist = b.Distance - m.veh.flown
		}
		m.veh.advance(dt, maxDist)
		m.w.step(m.dt)
		m.tick++
		t := m.now()
		if m.launched && m.frameDue() {
			m.w.frame(m.veh.pose, t)
			m.noteDetections(t)
			if m.s.OnFrame != nil {
				m.s.OnFrame(m.snapshot())
			}
		}
		if m.rec.due(t) {
			m.rec.add(m.sample(), m.veh.pose)
		}
		if m.s.Progress != nil && t >= m.nextReport {
			m.s.Progress(t, m.total)
			m.nextReport = t + progressEvery
		}
	}
	m.ended = m.spent()
}

// frameDue reports whether the tick just completed carries a camera frame:
// frames fall on the first tick at or after each multiple of 1/BeliefRate.
func (m *mission) frameDue() bool {
	r := m.cfg.BeliefRate / m.cfg.Rate
	return math.Floor(float64(m.tick)*r) > math.Floor(float64(m.tick-1)*r)
}

func (m *mission) sample() Sample {
	left := 1.0
	b := m.s.Budget
	if b.Distance > 0 {
		left = math.Min(left, math.Max(0, 1-m.veh.flown/b.Distance))
	}
	if b.Time > 0 {
		left = math.Min(left, math.Max(0, 1-m.flight()/b.Time))
	}
	return Sample{
		T:               m.now(),
		Entropy:         m.w.entropy,
		ProbMass:        m.w.mass,
		InfoGained:      m.entropy0 - m.w.entropy,
		TargetsFound:    m.w.found,
		FalseDetections: m.w.falsePositives,
		Distance:        m.veh.flown,
		BudgetLeft:      left,
		Replans:         m.replans,
		TreeSize:        m.treeSize,
	}
}

// estimateLength guesses the mission's length for Progress: the first plan
// time plus the flight the budget or MaxDuration allows.
func (m *mission) estimateLength() float64 {
	flight := math.Inf(1)
	b := m.s.Budget
	if b.Distance > 0 {
		flight = b.Distance / m.s.Model.Speed()
	}
	if b.Time > 0 {
		flight = math.Min(flight, b.Time)
	}
	if m.cfg.MaxDuration > 0 {
		flight = math.Min(flight, m.cfg.MaxDuration)
	}
	return m.s.PlanTime.Seconds() + flight
}

func (m *mission) snapshot() Snapshot {
	g := *m.w.grid
	g.Prob = append([]float64(nil), g.Prob...)
	return Snapshot{
		T:         m.now(),
		Vehicle:   m.veh.pose,
		Footprint: append([]r2.Vec(nil), m.w.fp...),
		Plan:      append([]motion.Pose(nil), m.veh.plan...),
		Reached:   m.veh.next,
		Targets:   append([]Target(nil), m.w.targets...),
		Belief:    &g,
		Sample:    m.sample(),

		Tree:        m.tree,
		PlanReward:  m.planReward,
		PlanSamples: m.planSamples,
	}
}

func (m *mission) result() *Result {
	last := m.sample()
	if n := len(m.rec.series); n > 0 && m.rec.series[n-1].T == last.T {
		m.rec.series[n-1], m.rec.trail[n-1] = last, m.veh.pose
	} else {
		m.rec.add(last, m.veh.pose)
	}
	w := m.w
	return &Result{
		Summary: Summary{
			Planner:         m.s.PlannerKind,
			Mission:         m.s.Name,
			Seed:            m.s.Seed,
			DurationS:       m.now(),
			DistanceM:       m.veh.flown,
			Replans:         m.replans,
			EntropyStart:    m.entropy0,
			EntropyEnd:      w.grid.TotalEntropy(),
			ProbMassSeen:    w.probMassSeen(),
			TargetsTotal:    len(w.targets),
			TargetsFound:    w.found,
			FalseDetections: w.falsePositives,
			PlanWallS:       m.planWall.Seconds(),
		},
		Series:  append([]Sample(nil), m.rec.series...),
		Trail:   append([]motion.Pose(nil), m.rec.trail...),
		Targets: append([]Target(nil), w.targets...),
		Belief:  w.grid,
	}
}
