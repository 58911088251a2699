package main

import (
	"bufio"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the end-to-end tests run this test binary as the tigris
// command itself: with TIGRIS_AS_MAIN=1 it is `tigris` with its arguments.
func TestMain(m *testing.M) {
	if os.Getenv("TIGRIS_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

const flyMission = `
name: e2e-field
vehicle: {kind: multirotor, speed: 15, altitude: 30, yaw_rate_deg: 360, start: {x: 40, y: 40, z: 30, heading_deg: 45}}
budget: {distance: 160}
sensor: {pitch_deg: 90, models: [{id: 0, max_range: 130, table: multirotor_sensor_model_0.csv}]}
map: {resolution: 10, bounds: [[0, 0], [300, 0], [300, 300], [0, 300]], default_probability: 0.05}
priors:
  - {polygon: [[100, 100], [250, 100], [250, 250], [100, 250]], probability: 0.4}
planner: {plan_time: 500ms, step: 20, extend_dist: 200, extend_radius: 300, prune_radius: 60, viewpoint_goal: 0}
`

// proc is a tigris command running as a child process, its stderr lines
// collected with their arrival times.
type proc struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	logs []logLine
	done chan struct{}
	err  error
}

type logLine struct {
	at   time.Time
	text string
}

func startTigris(t *testing.T, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(os.Args[0], args...), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), "TIGRIS_AS_MAIN=1")
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.mu.Lock()
			p.logs = append(p.logs, logLine{time.Now(), sc.Text()})
			p.mu.Unlock()
		}
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// find returns the first line containing sub.
func (p *proc) find(sub string) (logLine, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range p.logs {
		if strings.Contains(l.text, sub) {
			return l, true
		}
	}
	return logLine{}, false
}

func (p *proc) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var b strings.Builder
	for _, l := range p.logs {
		b.WriteString(l.text + "\n")
	}
	return b.String()
}

func (p *proc) waitLine(t *testing.T, sub string) logLine {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if l, ok := p.find(sub); ok {
			return l
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the log:\n%s", sub, p.text())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (p *proc) wait(t *testing.T) error {
	t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(90 * time.Second):
		t.Fatalf("still running; log:\n%s", p.text())
		return nil
	}
}

func freeUDPPort(t *testing.T) string {
	t.Helper()
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return strconv.Itoa(c.LocalAddr().(*net.UDPAddr).Port)
}

var entropyRe = regexp.MustCompile(`entropy ([0-9.]+) -> ([0-9.]+) bits`)

// `tigris vehicle` and `tigris fly` over UDP on 127.0.0.1: the vehicle flies
// the plan in OFFBOARD, the belief's entropy drops, and the flight ends with
// the budget, leaving the vehicle holding.
func TestFlyEndToEnd(t *testing.T) {
	mission := writeMission(t, flyMission)
	port := freeUDPPort(t)
	veh := startTigris(t, "vehicle", "-listen", "udpin://127.0.0.1:"+port, "-mission", mission)
	veh.waitLine(t, "serving udpin://")
	fly := startTigris(t, "fly", "-mission", mission, "-connect", "udp://127.0.0.1:"+port)
	if err := fly.wait(t); err != nil {
		t.Fatalf("fly: %v; log:\n%s", err, fly.text())
	}
	for _, want := range []string{"autopilot 1/1 found", "replan 1:", "replan 2:", "OFFBOARD engaged", "mission complete: commanding AUTO.LOITER"} {
		if _, ok := fly.find(want); !ok {
			t.Errorf("fly's log lacks %q:\n%s", want, fly.text())
		}
	}
	for _, want := range []string{"mode AUTO.LOITER -> OFFBOARD", "mode OFFBOARD -> AUTO.LOITER"} {
		if _, ok := veh.find(want); !ok {
			t.Errorf("the vehicle's log lacks %q:\n%s", want, veh.text())
		}
	}
	l, _ := fly.find("entropy ")
	sum, ok := fly.find(" -> ")
	m := entropyRe.FindStringSubmatch(sum.text)
	if !ok || m == nil {
		t.Fatalf("no entropy summary in:\n%s", fly.text())
	}
	start, _ := strconv.ParseFloat(m[1], 64)
	end, _ := strconv.ParseFloat(m[2], 64)
	if !(end < start-1) {
		t.Errorf("entropy %v -> %v bits: it should drop as the camera looks (first replan: %s)", start, end, l.text)
	}
}

// Killing the vehicle side mid-flight: within a second of the telemetry
// going a second stale, fly stops sending targets and commands a hold, then
// gives up when the link stays dead.
func TestFlyVehicleKilled(t *testing.T) {
	mission := writeMission(t, strings.Replace(flyMission, "distance: 160", "distance: 3000", 1))
	port := freeUDPPort(t)
	veh := startTigris(t, "vehicle", "-listen", "udpin://127.0.0.1:"+port, "-mission", mission)
	veh.waitLine(t, "serving udpin://")
	fly := startTigris(t, "fly", "-mission", mission, "-connect", "udp://127.0.0.1:"+port, "-lost-after", "3s")
	fly.waitLine(t, "OFFBOARD engaged")
	fly.waitLine(t, "replan 3:")
	if err := veh.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	hold := fly.waitLine(t, "no new targets, commanding AUTO.LOITER")
	m := regexp.MustCompile(`telemetry ([0-9.]+) s old`).FindStringSubmatch(hold.text)
	if m == nil {
		t.Fatalf("hold line %q", hold.text)
	}
	// The telemetry was at most 0.1 s old at the kill; the hold must come
	// within 1 s of it being 1 s old.
	if age, _ := strconv.ParseFloat(m[1], 64); age > 2 {
		t.Errorf("hold commanded with telemetry %.2f s old, want within 1 s of it being 1 s old", age)
	}
	if d := hold.at.Sub(killed); d > 3*time.Second {
		t.Errorf("hold logged %v after the kill", d)
	}
	err := fly.wait(t)
	if err == nil || !strings.Contains(fly.text(), "telemetry lost") {
		t.Errorf("fly ended with %v; log:\n%s", err, fly.text())
	}
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() != 1 {
		t.Errorf("exit status %d, want 1", ee.ExitCode())
	}
	fly.mu.Lock()
	defer fly.mu.Unlock()
	for _, l := range fly.logs {
		if l.at.After(hold.at) && strings.Contains(l.text, "asking for OFFBOARD") {
			t.Errorf("asked for OFFBOARD again after the hold: %s", l.text)
		}
	}
}

// Bad flags and missions are input errors (exit status 2).
func TestFlyVehicleFlags(t *testing.T) {
	for _, args := range [][]string{
		{"fly"},
		{"fly", "-mission", "coastal-search"},
		{"fly", "-mission", "coastal-search", "-connect", "http://x:1"},
		{"fly", "-mission", "coastal-search", "-connect", "udp://127.0.0.1:14550", "-autopilot", "betaflight"},
		{"fly", "-mission", "no-such-mission", "-connect", "udp://127.0.0.1:14550"},
		{"fly", "-mission", "coastal-search", "-connect", "udp://127.0.0.1:14550", "-lost-after", "1s"},
		{"vehicle"},
		{"vehicle", "-listen", "udpin://:1", "-home", "47,8"},
		{"vehicle", "-listen", "udpin://:1", "-home", "47,x,8"},
		{"vehicle", "-listen", "nowhere"},
		{"vehicle", "-listen", "udpin://:1", "-autopilot", "inav"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2; stderr %s", args, code, stderr)
		}
	}
}
