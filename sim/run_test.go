package sim

import (
	"context"
	"errors"
	"math"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
)

func run(t testing.TB, s Setup) *Result {
	t.Helper()
	res, err := Run(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Same setup and seed, same mission: everything but the wall-clock planning
// time is reproduced bit for bit.
func TestRunDeterministic(t *testing.T) {
	a := run(t, loadSetup(t, "small-search", nil))
	b := run(t, loadSetup(t, "small-search", nil))
	a.Summary.PlanWallS, b.Summary.PlanWallS = 0, 0
	if a.Summary != b.Summary {
		t.Errorf("summaries differ:\n%+v\n%+v", a.Summary, b.Summary)
	}
	if !reflect.DeepEqual(a.Series, b.Series) || !reflect.DeepEqual(a.Trail, b.Trail) || !reflect.DeepEqual(a.Targets, b.Targets) {
		t.Error("time series, trails or targets differ")
	}
	if !reflect.DeepEqual(a.Belief.Prob, b.Belief.Prob) {
		t.Error("final beliefs differ")
	}
	if a.Summary.Replans < 2 || a.Summary.TargetsTotal != 7 || a.Summary.DistanceM <= 0 {
		t.Errorf("a degenerate mission: %+v", a.Summary)
	}

	// A different seed moves the targets and the detections.
	s := loadSetup(t, "small-search", nil)
	s.Seed = 2
	c := run(t, s)
	if reflect.DeepEqual(a.Targets, c.Targets) {
		t.Error("seeds 1 and 2 drew the same targets")
	}
}

// The vehicle never flies past the budget, by distance or by time, and the
// mission ends when the budget is spent.
func TestRunBudget(t *testing.T) {
	cases := []struct {
		name   string
		budget planner.Budget
	}{
		{"distance", planner.Budget{Distance: 3000}},
		{"time", planner.Budget{Time: 90}},
		{"both, time binds", planner.Budget{Distance: 5000, Time: 70}},
		{"horizon", planner.Budget{Distance: 2500, Horizon: 800}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, loadSetup(t, "small-search", func(m *testMission) { m.Budget = c.budget }))
			sum := res.Summary
			if c.budget.Distance > 0 && sum.DistanceM > c.budget.Distance*(1+1e-12) {
				t.Errorf("flew %.9f m of a %v m budget", sum.DistanceM, c.budget.Distance)
			}
			plan := 5.0 // the pre-launch planning cycle
			if flight := sum.DurationS - plan; c.budget.Time > 0 && flight > c.budget.Time+1e-9 {
				t.Errorf("flew %.3f s of a %v s budget", flight, c.budget.Time)
			}
			last := res.Series[len(res.Series)-1]
			if last.BudgetLeft > 0.02 {
				t.Errorf("ended with %.3f of the budget left: %+v", last.BudgetLeft, sum)
			}
			for k := 1; k < len(res.Series); k++ {
				if res.Series[k].BudgetLeft > res.Series[k-1].BudgetLeft || res.Series[k].Distance < res.Series[k-1].Distance {
					t.Fatalf("budget grew back between samples %d and %d", k-1, k)
				}
			}
		})
	}
}

// Moving targets move, exactly as their unicycle says, and static ones stay.
func TestRunMovingTargets(t *testing.T) {
	s := loadSetup(t, "small-search", nil)
	res := run(t, s)
	moving := Target{Pos: res.Targets[0].Pos}
	moving.Pos.X, moving.Pos.Y = 1000, 1000
	moving.Speed, moving.Heading, moving.TurnRate = 4, 30*math.Pi/180, math.Pi/180
	ticks := int(math.Round(res.Summary.DurationS * DefaultRate))
	for range ticks {
		moving.Step(1 / DefaultRate)
	}
	if got := res.Targets[0]; !near(got.Pos, moving.Pos, 1e-9) || got.Heading != moving.Heading {
		t.Errorf("moving target at %v heading %v, want %v heading %v", got.Pos, got.Heading, moving.Pos, moving.Heading)
	}
	if d := math.Hypot(res.Targets[0].Pos.X-1000, res.Targets[0].Pos.Y-1000); d < 100 {
		t.Errorf("the 4 m/s target moved only %.1f m in %.0f s", d, res.Summary.DurationS)
	}
	// Targets drawn from the prior are static; re-drawing them with the
	// same seed gives the same positions.
	again, err := placeTargets(s.Config.WithDefaults().Targets, s.Grid, newRand(s.Seed, streamTargets))
	if err != nil {
		t.Fatal(err)
	}
	for k := 1; k < len(again); k++ {
		if res.Targets[k].Pos != again[k].Pos {
			t.Errorf("static target %d moved from %v to %v", k, again[k].Pos, res.Targets[k].Pos)
		}
	}
}

// The series is sampled at most once a second, its entropy is the belief's,
// and information gained is the entropy drop.
func TestRunSeries(t *testing.T) {
	res := run(t, loadSetup(t, "small-search", nil))
	sum, ser := res.Summary, res.Series
	if len(ser) != len(res.Trail) || ser[0].T != 0 || ser[len(ser)-1].T != sum.DurationS {
		t.Fatalf("series of %d samples (trail %d) from %v to %v, mission %v s", len(ser), len(res.Trail), ser[0].T, ser[len(ser)-1].T, sum.DurationS)
	}
	for k := 1; k < len(ser)-1; k++ {
		if d := ser[k].T - ser[k-1].T; d < 1-1e-9 {
			t.Fatalf("samples %d and %d are %v s apart", k-1, k, d)
		}
	}
	last := ser[len(ser)-1]
	if math.Abs(last.Entropy-sum.EntropyEnd) > 1e-6*sum.EntropyStart || ser[0].Entropy != sum.EntropyStart {
		t.Errorf("series entropy %v..%v, summary %v..%v", ser[0].Entropy, last.Entropy, sum.EntropyStart, sum.EntropyEnd)
	}
	if math.Abs(last.InfoGained-(sum.EntropyStart-last.Entropy)) > 1e-9 {
		t.Errorf("info gained %v, entropy drop %v", last.InfoGained, sum.EntropyStart-last.Entropy)
	}
	if last.TargetsFound != sum.TargetsFound || last.FalseDetections != sum.FalseDetections || last.Replans != sum.Replans || last.Distance != sum.DistanceM {
		t.Errorf("last sample %+v disagrees with the summary %+v", last, sum)
	}
	if !(sum.ProbMassSeen > 0 && sum.ProbMassSeen <= 1) || !(sum.EntropyEnd < sum.EntropyStart) {
		t.Errorf("the camera saw nothing: %+v", sum)
	}
	found := 0
	for _, tg := range res.Targets {
		if tg.Found {
			found++
			if tg.Detections == 0 || tg.FoundAt <= 5 || tg.FoundAt > sum.DurationS {
				t.Errorf("target %+v", tg)
			}
		}
	}
	if found != sum.TargetsFound {
		t.Errorf("%d targets marked found, summary says %d", found, sum.TargetsFound)
	}
}

// The other vehicles fly closed loop too: a multirotor with a receding
// horizon, and a fixed-wing in wind.
func TestRunVehicles(t *testing.T) {
	cases := []struct {
		name    string
		mission string
		edit    func(*testMission)
	}{
		{"multirotor", "field-multirotor", nil},
		{"fixed-wing in wind", "small-search", func(m *testMission) { m.Vehicle.Wind = motion.Wind{X: 6, Y: -4} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := loadSetup(t, c.mission, c.edit)
			s.Iterations = 10
			s.Config.MaxDuration = 150
			res := run(t, s)
			sum := res.Summary
			if sum.Replans < 2 || sum.DistanceM <= 0 || sum.DistanceM > s.Budget.Distance || sum.EntropyEnd >= sum.EntropyStart {
				t.Errorf("mission %+v", sum)
			}
			for k := 1; k < len(res.Trail); k++ {
				a, b := res.Trail[k-1], res.Trail[k]
				dt := res.Series[k].T - res.Series[k-1].T
				if d := math.Hypot(b.X-a.X, b.Y-a.Y); d > (s.Model.Speed()+8)*dt+1e-9 {
					t.Fatalf("the vehicle jumped %.1f m in %.1f s", d, dt)
				}
			}
		})
	}
}

// MaxDuration ends the flight; the pre-launch plan time comes first.
func TestRunMaxDuration(t *testing.T) {
	s := loadSetup(t, "small-search", nil)
	s.Config.MaxDuration = 42
	res := run(t, s)
	if got := res.Summary.DurationS; math.Abs(got-47) > 1e-9 {
		t.Errorf("mission lasted %v s, want 5 s of planning + 42 s of flight", got)
	}
	if math.Abs(res.Summary.DistanceM-42*25) > 1e-6 {
		t.Errorf("flew %v m in 42 s at 25 m/s", res.Summary.DistanceM)
	}
}

// Progress comes at most ten times a simulated minute; OnFrame once per
// camera frame with copies the receiver owns.
func TestRunCallbacks(t *testing.T) {
	s := loadSetup(t, "small-search", nil)
	var reports []float64
	s.Progress = func(t, total float64) { reports = append(reports, t) }
	var frames []Snapshot
	s.OnFrame = func(f Snapshot) { frames = append(frames, f) }
	res := run(t, s)
	dur := res.Summary.DurationS
	if max := int(dur/60*10) + 1; len(reports) == 0 || len(reports) > max {
		t.Errorf("%d progress reports in %.0f s, want 1..%d", len(reports), dur, max)
	}
	flight := dur - 5
	if want := flight * DefaultBeliefRate; math.Abs(float64(len(frames))-want) > 1 {
		t.Errorf("%d frames in %.1f s of flight, want %.0f", len(frames), flight, want)
	}
	f := frames[len(frames)/2]
	if len(f.Footprint) < 3 || len(f.Plan) == 0 || len(f.Targets) != 7 || f.Belief == nil || f.T <= 5 {
		t.Fatalf("frame %+v", f)
	}
	prob := f.Belief.Prob[0]
	f.Belief.Prob[0] = -1
	if res.Belief.Prob[0] == -1 || frames[len(frames)-1].Belief.Prob[0] == -1 {
		t.Error("a snapshot's belief is shared")
	}
	f.Belief.Prob[0] = prob
}

// Realtime mode plans against the wall clock (no timing is asserted).
func TestRunRealtime(t *testing.T) {
	s := loadSetup(t, "small-search", func(m *testMission) { m.Budget.Distance = 50 })
	s.PlanTime = 100 * time.Millisecond
	s.Realtime = true
	res := run(t, s)
	if res.Summary.Replans < 1 || res.Summary.DistanceM <= 0 || res.Summary.PlanWallS <= 0 {
		t.Errorf("realtime mission %+v", res.Summary)
	}
}

func TestRunErrors(t *testing.T) {
	good := loadSetup(t, "small-search", nil)
	cases := []struct {
		name string
		edit func(*Setup)
	}{
		{"no planner", func(s *Setup) { s.Planner = nil }},
		{"no model", func(s *Setup) { s.Model = nil }},
		{"no grid", func(s *Setup) { s.Grid = nil }},
		{"no sensor", func(s *Setup) { s.Sensor = nil }},
		{"no plan time", func(s *Setup) { s.PlanTime = 0 }},
		{"no budget", func(s *Setup) { s.Budget = planner.Budget{} }},
		{"bad config", func(s *Setup) { s.Config.Rate = -1 }},
		{"no mass for targets", func(s *Setup) {
			g := *s.Grid
			g.Prob = make([]float64, len(g.Prob))
			s.Grid = &g
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := good
			c.edit(&s)
			if _, err := Run(context.Background(), s); err == nil {
				t.Error("no error")
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := Run(ctx, good)
	if !errors.Is(err, context.Canceled) || res == nil || res.Summary.Replans != 0 || len(res.Series) == 0 {
		t.Errorf("a cancelled run: %v, %+v", err, res)
	}
}

// A two-hour mission keeps its memory flat: the live heap at the end is
// within a few megabytes of the live heap ten minutes in.
func TestRunTwoHoursFlatMemory(t *testing.T) {
	// A receding horizon keeps the planner's own tree bounded: without one
	// a two-hour budget lets it grow with every replan.
	s := loadSetup(t, "small-search", func(m *testMission) { m.Budget = planner.Budget{Time: 7200, Horizon: 1000} })
	s.Iterations = 5
	var at10min, atEnd uint64
	heap := func() uint64 {
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	s.Progress = func(t, total float64) {
		switch {
		case at10min == 0 && t >= 600:
			at10min = heap()
		case t >= 7200:
			atEnd = heap()
		}
	}
	res := run(t, s)
	if res.Summary.DurationS < 7200 {
		t.Fatalf("the mission ended after %.0f s: %+v", res.Summary.DurationS, res.Summary)
	}
	growth := int64(atEnd) - int64(at10min)
	t.Logf("live heap %.2f MB at 10 min, %.2f MB at 2 h; %d replans, %d samples", float64(at10min)/1e6, float64(atEnd)/1e6, res.Summary.Replans, len(res.Series))
	if growth > 4<<20 {
		t.Errorf("the live heap grew by %.2f MB between 10 min and 2 h", float64(growth)/1e6)
	}
}

// BenchmarkRunSmall flies the small test mission (a 3 km budget, 10
// iterations per replan).
func BenchmarkRunSmall(b *testing.B) {
	benchmarkMission(b, "small-search", nil, 0)
}

// BenchmarkRunCoastal flies the default mission (coastal-search, default sim
// settings): the measurement behind DefaultIterationsPerSecond.
func BenchmarkRunCoastal(b *testing.B) {
	benchmarkMission(b, "coastal-search", nil, 0)
}

// BenchmarkRunTwoHours flies two hours with a receding horizon and 5
// iterations per replan.
func BenchmarkRunTwoHours(b *testing.B) {
	benchmarkMission(b, "small-search", func(m *testMission) { m.Budget = planner.Budget{Time: 7200, Horizon: 1000} }, 5)
}

// benchmarkMission reports simulated seconds per wall-clock second.
func benchmarkMission(b *testing.B, name string, edit func(*testMission), iterations int) {
	b.ReportAllocs()
	var simulated float64
	for b.Loop() {
		b.StopTimer()
		s := loadSetup(b, name, edit)
		if iterations > 0 {
			s.Iterations = iterations
		}
		b.StartTimer()
		res, err := Run(context.Background(), s)
		if err != nil {
			b.Fatal(err)
		}
		simulated += res.Summary.DurationS
	}
	b.ReportMetric(simulated/b.Elapsed().Seconds(), "sim-s/s")
}
