package mavlink

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

// logBook collects a flight's log lines.
type logBook struct {
	mu    sync.Mutex
	lines []string
}

func (b *logBook) logf(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.lines = append(b.lines, fmt.Sprintf(format, args...))
}

func (b *logBook) has(sub string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, l := range b.lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

func (b *logBook) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(b.lines, "\n")
}

// fly runs Fly in the background; wait returns its outcome.
func fly(t *testing.T, ctx context.Context, l *Link, cfg FlightConfig) (book *logBook, wait func() (FlightResult, error)) {
	t.Helper()
	book = &logBook{}
	cfg.Log = book.logf
	type out struct {
		res FlightResult
		err error
	}
	done := make(chan out, 1)
	go func() {
		res, err := Fly(ctx, l, cfg)
		done <- out{res, err}
	}()
	var once sync.Once
	var o out
	wait = func() (FlightResult, error) {
		once.Do(func() {
			select {
			case o = <-done:
			case <-time.After(60 * time.Second):
				t.Fatalf("the flight did not end; log:\n%s", book)
			}
		})
		return o.res, o.err
	}
	t.Cleanup(func() { wait() })
	return book, wait
}

// A multirotor against the simulated PX4: setpoints first, then OFFBOARD,
// replans as it flies, the belief's entropy falls, and it ends holding when
// the budget is spent.
func TestFlyMultirotorPX4(t *testing.T) {
	t.Parallel()
	w := newTestWorld(t, motion.KindMultirotor, PX4, nil)
	v, port, _ := startVehicle(t, w.vehicle)
	l := dialUDP(t, port)
	if err := l.RequestStreams(context.Background()); err != nil {
		t.Fatal(err)
	}
	dets := make(chan Detection, 1)
	dets <- Detection{X: 150, Y: 150}
	close(dets)
	w.cfg.Detections = dets
	book, wait := fly(t, context.Background(), l, w.cfg)
	res, err := wait()
	if err != nil {
		t.Fatalf("%v; log:\n%s", err, book)
	}
	if res.Detections != 1 {
		t.Errorf("%d detections taken, want 1", res.Detections)
	}
	if res.Replans < 2 || res.Setpoints < 20 || res.Uploads != 0 {
		t.Errorf("%d replans, %d setpoints, %d uploads", res.Replans, res.Setpoints, res.Uploads)
	}
	if !(res.EntropyEnd < res.EntropyStart-1) {
		t.Errorf("entropy %v -> %v: the camera saw nothing", res.EntropyStart, res.EntropyEnd)
	}
	// The flight ends when the budget or the plan runs out; the plan uses
	// the budget, but a multirotor cuts its corners within the acceptance
	// radius and so flies a little less.
	if res.Distance < 0.6*w.cfg.Budget.Distance {
		t.Errorf("flew %.0f m of a %.0f m budget", res.Distance, w.cfg.Budget.Distance)
	}
	st := v.State()
	if st.Mode != ModeHold || r3.Norm(r3.Sub(st.Pose.Vec, w.vehicle.Start.Vec)) < 30 {
		t.Errorf("vehicle ends in mode %v at %v", st.Mode, st.Pose)
	}
	for _, want := range []string{"home 47.3977420, 8.5455940 is the mission's start", "asking for OFFBOARD", "OFFBOARD engaged", "replan 2:", "commanding AUTO.LOITER"} {
		if !book.has(want) {
			t.Errorf("log lacks %q:\n%s", want, book)
		}
	}
	if res.Link.Dropped != 0 || res.Link.ParseErrors != 0 {
		t.Errorf("link stats %+v", res.Link)
	}
}

// A fixed-wing against the simulated ArduPilot: the plan goes up as missions
// (item 0 kept for home), AUTO flies them, and it ends circling in LOITER.
func TestFlyFixedWingArduPilot(t *testing.T) {
	t.Parallel()
	w := newTestWorld(t, motion.KindFixedWing, ArduPilot, nil)
	v, port, _ := startVehicle(t, w.vehicle)
	l := dialUDP(t, port)
	if err := l.RequestStreams(context.Background()); err != nil {
		t.Fatal(err)
	}
	book, wait := fly(t, context.Background(), l, w.cfg)
	res, err := wait()
	if err != nil {
		t.Fatalf("%v; log:\n%s", err, book)
	}
	if res.Replans < 2 || res.Uploads < 2 || res.Setpoints != 0 {
		t.Errorf("%d replans, %d uploads, %d setpoints", res.Replans, res.Uploads, res.Setpoints)
	}
	if !(res.EntropyEnd < res.EntropyStart-1) {
		t.Errorf("entropy %v -> %v", res.EntropyStart, res.EntropyEnd)
	}
	if st := v.State(); st.Mode != ModeHold || st.Mission < 3 {
		t.Errorf("vehicle ends in mode %v holding %d items", st.Mode, st.Mission)
	}
	for _, want := range []string{"AUTO engaged", "commanding LOITER"} {
		if !book.has(want) {
			t.Errorf("log lacks %q:\n%s", want, book)
		}
	}
}

// setModesAfter lists the DO_SET_MODE commands the link sent after t0.
func setModesAfter(rec []stamped, t0 time.Time) []stamped {
	var out []stamped
	for _, s := range rec {
		if c, ok := s.msg.(*common.MessageCommandLong); ok && c.Command == common.MAV_CMD_DO_SET_MODE && !s.at.Before(t0) {
			out = append(out, s)
		}
	}
	return out
}

func setpointsAfter(rec []stamped, t0 time.Time) (n int, last time.Time) {
	for _, s := range rec {
		if _, ok := s.msg.(*common.MessageSetPositionTargetGlobalInt); ok && !s.at.Before(t0) {
			n, last = n+1, s.at
		}
	}
	return n, last
}

// When telemetry stops, the targets stop and a hold is commanded within a
// second of the telemetry going a second stale; when it returns the flight
// resumes; when it stays away the flight ends.
func TestFlyStaleTelemetry(t *testing.T) {
	t.Parallel()
	w := newTestWorld(t, motion.KindMultirotor, PX4, nil)
	w.cfg.Budget.Distance = 2000
	w.cfg.LostAfter = 2500 * time.Millisecond
	v, port, _ := startVehicle(t, w.vehicle)
	px := startProxy(t, port)
	l := dialUDP(t, px.port)
	book, wait := fly(t, context.Background(), l, w.cfg)
	waitFor(t, "OFFBOARD", func() bool { return v.State().Mode == ModeGuided && book.has("engaged") })

	hold := px4Mode(px4MainAuto, px4SubLoiter)
	isHold := func(s stamped) bool {
		c := s.msg.(*common.MessageCommandLong)
		return PX4.customModeFromParams(c.Param2, c.Param3) == hold
	}
	cut := px.setCut(true)
	waitFor(t, "a hold command", func() bool { return len(setModesAfter(px.record(), cut)) > 0 })
	rec := px.record()
	first := setModesAfter(rec, cut)[0]
	if !isHold(first) {
		t.Fatalf("after the cut the link asked for %+v, not a hold", first.msg)
	}
	if d := first.at.Sub(cut); d > DefaultStaleAfter+time.Second {
		t.Errorf("hold commanded %v after the last telemetry; the rule is within 1 s of it being 1 s old", d)
	}
	if _, last := setpointsAfter(rec, cut); last.After(first.at) {
		t.Errorf("a setpoint went out at %v, after the hold at %v", last.Sub(cut), first.at.Sub(cut))
	}
	if !book.has("no new targets") {
		t.Errorf("the log does not say so:\n%s", book)
	}

	back := px.setCut(false)
	waitFor(t, "the flight to resume", func() bool { return book.has("telemetry back") })
	waitFor(t, "OFFBOARD again", func() bool {
		for _, s := range setModesAfter(px.record(), back) {
			if !isHold(s) {
				return true
			}
		}
		return false
	})
	if n, _ := setpointsAfter(px.record(), back); n == 0 {
		t.Error("no setpoints after the telemetry came back")
	}

	px.setCut(true)
	_, err := wait()
	if !errors.Is(err, ErrLinkLost) {
		t.Errorf("got %v, want ErrLinkLost; log:\n%s", err, book)
	}
}

// A pilot who switches the vehicle out of OFFBOARD gets it: the bridge
// stops commanding and says so.
func TestFlyPilotOverride(t *testing.T) {
	t.Parallel()
	w := newTestWorld(t, motion.KindMultirotor, PX4, nil)
	w.cfg.Budget.Distance = 2000
	v, port, _ := startVehicle(t, w.vehicle)
	px := startProxy(t, port)
	l := dialUDP(t, px.port)
	book, wait := fly(t, context.Background(), l, w.cfg)
	waitFor(t, "OFFBOARD", func() bool { return v.State().Mode == ModeGuided && book.has("engaged") })
	time.Sleep(1200 * time.Millisecond) // past the grace after the mode change
	switched := time.Now()
	v.SwitchMode(ModeHold)
	_, err := wait()
	if !errors.Is(err, ErrPilotOverride) {
		t.Fatalf("got %v, want ErrPilotOverride; log:\n%s", err, book)
	}
	if cmds := setModesAfter(px.record(), switched); len(cmds) > 0 {
		t.Errorf("%d mode commands after the pilot's switch", len(cmds))
	}
	if !book.has("the pilot took over") {
		t.Errorf("the log does not say so:\n%s", book)
	}
}

// A target outside the bounds or inside a keep-out is never sent; a mission
// is cut before its first unsafe waypoint.
func TestUnsafeTargets(t *testing.T) {
	zone := []motion.KeepOut{{Circle: &motion.CircleZone{Center: geom.Point{X: 100, Y: 100}, Radius: 20}}}
	w := newTestWorld(t, motion.KindFixedWing, ArduPilot, zone)
	f := &flight{cfg: w.cfg, frame: AnchorAt(testHome.Lat, testHome.Lon, r3.Vec{}), missionFirst: 1}
	f.cfg.Log = func(string, ...any) {}
	f.cfg.MissionItems = 10
	pose := func(x, y float64) motion.Pose { return motion.Pose{Vec: r3.Vec{X: x, Y: y, Z: 60}} }
	f.plan = []motion.Pose{pose(50, 50), pose(70, 70), pose(100, 100), pose(130, 130)}
	items, err := f.missionItems()
	if err != nil {
		t.Fatal(err)
	}
	// home, two safe waypoints, the loiter at the second
	if len(items) != 4 || !items[3].Loiter || items[3].Lat != items[2].Lat {
		t.Errorf("mission %+v: want home, 2 waypoints and a loiter", items)
	}
	f.reached = 2
	if _, err := f.missionItems(); !errors.Is(err, ErrUnsafeTarget) {
		t.Errorf("a mission starting in a keep-out: %v", err)
	}
	f.cfg.Kind = motion.KindMultirotor
	if err := f.stream(time.Now()); !errors.Is(err, ErrUnsafeTarget) {
		t.Errorf("a setpoint in a keep-out: %v", err)
	}
	f.plan = []motion.Pose{pose(-10, 50)}
	f.reached = 0
	if err := f.stream(time.Now()); !errors.Is(err, ErrUnsafeTarget) {
		t.Errorf("a setpoint outside the bounds: %v", err)
	}
	if f.res.Setpoints != 0 {
		t.Errorf("%d setpoints sent", f.res.Setpoints)
	}
}

// Detections raise the belief where they are, inside the footprint or not;
// the rest of the footprint, seen without a detection, falls.
func TestObserveDetections(t *testing.T) {
	w := newTestWorld(t, motion.KindMultirotor, PX4, nil)
	frame := AnchorAt(testHome.Lat, testHome.Lon, r3.Vec{})
	f := &flight{cfg: w.cfg, frame: frame, grid: w.cfg.Grid.Clone()}
	f.pose = motion.Pose{Vec: r3.Vec{X: 150, Y: 150, Z: 30}}
	g := f.grid
	cell := func(x, y float64) int {
		i, j, _ := g.CellOf(r2.Vec{X: x, Y: y})
		return g.Index(i, j)
	}
	in, seen, far := cell(155, 155), cell(145, 145), cell(200, 150)
	lat, lon, _ := frame.ToGlobal(r3.Vec{X: 205, Y: 155})
	before := append([]float64(nil), g.Prob...)
	f.pending = []Detection{{X: 155, Y: 155}, {Lat: lat, Lon: lon, Geo: true}}
	now := time.Now()
	f.observe(Telemetry{AttitudeAt: now}, now)
	if !(g.Prob[in] > before[in]) || !(g.Prob[far] > before[far]) {
		t.Errorf("detected cells: %v -> %v and %v -> %v, want both higher", before[in], g.Prob[in], before[far], g.Prob[far])
	}
	if !(g.Prob[seen] < before[seen]) {
		t.Errorf("a cell seen without detection: %v -> %v, want lower", before[seen], g.Prob[seen])
	}
	if len(f.pending) != 0 {
		t.Error("detections kept after the frame")
	}
}

// A multirotor against the simulated ArduPilot with local NED setpoints:
// GUIDED instead of OFFBOARD, positions relative to GPS_GLOBAL_ORIGIN, and
// BRAKE to hold.
func TestFlyMultirotorArduPilotLocal(t *testing.T) {
	t.Parallel()
	w := newTestWorld(t, motion.KindMultirotor, ArduPilot, nil)
	w.cfg.LocalSetpoints = true
	w.cfg.Budget.Distance = 80
	v, port, _ := startVehicle(t, w.vehicle)
	l := dialUDP(t, port)
	if err := l.RequestStreams(context.Background()); err != nil {
		t.Fatal(err)
	}
	book, wait := fly(t, context.Background(), l, w.cfg)
	res, err := wait()
	if err != nil {
		t.Fatalf("%v; log:\n%s", err, book)
	}
	if res.Setpoints < 10 || res.Distance < 40 {
		t.Errorf("%d setpoints, %.0f m flown", res.Setpoints, res.Distance)
	}
	if st := v.State(); st.Mode != ModeHold || st.CustomMode != 17 {
		t.Errorf("vehicle ends in %d", st.CustomMode)
	}
	for _, want := range []string{"GUIDED engaged", "commanding BRAKE"} {
		if !book.has(want) {
			t.Errorf("log lacks %q:\n%s", want, book)
		}
	}
}
