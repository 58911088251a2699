//go:build interop

package mavlink

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3"

	"github.com/tigris-uav/tigris/motion"
)

// peerReport is what test/mavpeer/vehicle.mjs prints when the link closes.
type peerReport struct {
	OK              bool     `json:"ok"`
	BadCRC          int      `json:"badCrc"`
	Heartbeats      int      `json:"heartbeats"`
	Setpoints       int      `json:"setpoints"`
	Commands        []int    `json:"commands"`
	Modes           []uint32 `json:"modes"`
	MissionItems    int      `json:"missionItems"`
	MissionAccepted int      `json:"missionsAccepted"`
	Problems        []string `json:"problems"`
	LastSetpoint    *struct {
		East, North, Up, Yaw float64
		Frame, Mask          int
	} `json:"lastSetpoint"`
	FirstItem *struct {
		East, North, Up float64
		Command         int
	} `json:"firstItem"`
}

// startPeer runs the node-mavlink fake vehicle (installed by
// `npm ci --prefix test/mavpeer`) on a free TCP port.
func startPeer(t *testing.T, kind string) (port int, report func() (peerReport, error)) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not installed: the interop test needs Node.js and `npm ci --prefix test/mavpeer`")
	}
	dir, _ := filepath.Abs(filepath.Join("..", "test", "mavpeer"))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "node-mavlink")); err != nil {
		t.Fatalf("node-mavlink is not installed: run `npm ci --prefix test/mavpeer` (%v)", err)
	}
	port = freePort(t, "tcp")
	cmd := exec.Command(node, "vehicle.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PORT="+strconv.Itoa(port), "KIND="+kind)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if sc.Text() == "listening" {
				close(ready)
			}
			t.Log("node: " + sc.Text())
		}
	}()
	select {
	case <-ready:
	case <-time.After(20 * time.Second):
		t.Fatal("the node peer did not start")
	}
	return port, func() (peerReport, error) {
		err := cmd.Wait()
		var r peerReport
		if jerr := json.Unmarshal([]byte(stdout.String()), &r); jerr != nil {
			t.Fatalf("node peer output %q: %v (exit: %v)", stdout.String(), jerr, err)
		}
		return r, err
	}
}

// interopFlight flies a short mission of the given kind against the node
// peer and returns both sides' views.
func interopFlight(t *testing.T, kind string) (FlightResult, *Link, peerReport) {
	port, report := startPeer(t, kind)
	w := newTestWorld(t, kind, PX4, nil)
	w.cfg.Budget.Distance = 150
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	l, err := Dial(ctx, LinkConfig{Endpoint: gomavlib.EndpointTCPClient{Address: "127.0.0.1:" + strconv.Itoa(port)}})
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if err := l.RequestStreams(context.Background()); err != nil {
		t.Fatal(err)
	}
	book, wait := fly(t, context.Background(), l, w.cfg)
	res, err := wait()
	if err != nil {
		t.Fatalf("%v; log:\n%s", err, book)
	}
	tel := l.Telemetry()
	l.Close()
	r, perr := report()
	if perr != nil || !r.OK || r.BadCRC != 0 || len(r.Problems) > 0 {
		t.Errorf("node peer: exit %v, report %+v", perr, r)
	}
	// gomavlib's side: node-mavlink's frames all framed, checked and in range.
	if res.Link.ParseErrors != 0 || res.Link.Dropped != 0 || res.Link.Frames < 20 {
		t.Errorf("link stats %+v", res.Link)
	}
	if tel.HomeLat != 47.397742 || tel.HomeLon != 8.545594 || tel.HomeAlt != 488 {
		t.Errorf("home %v, %v, %v: want node's 47.397742, 8.545594, 488", tel.HomeLat, tel.HomeLon, tel.HomeAlt)
	}
	if !(res.EntropyEnd < res.EntropyStart) || res.Replans < 1 {
		t.Errorf("%d replans, entropy %v -> %v", res.Replans, res.EntropyStart, res.EntropyEnd)
	}
	return res, l, r
}

// The setpoint stream: node-mavlink decodes every SET_POSITION_TARGET_GLOBAL_INT
// with a valid CRC, in the relative-altitude frame with the position-and-yaw
// mask, at a place its own flat-earth conversion puts within the mission.
func TestInteropMultirotorSetpoints(t *testing.T) {
	res, _, r := interopFlight(t, motion.KindMultirotor)
	if r.Setpoints < 10 || r.LastSetpoint == nil || r.LastSetpoint.Frame != 6 || r.LastSetpoint.Mask != 2552 {
		t.Fatalf("node saw %d setpoints, last %+v", r.Setpoints, r.LastSetpoint)
	}
	if r.Setpoints > res.Setpoints {
		t.Errorf("node decoded %d setpoints, tigris sent %d", r.Setpoints, res.Setpoints)
	}
	// Home is the mission start (50, 50): node's east/north are from home.
	// The plan descends from node's 40 m to the mission's 30 m.
	sp := r.LastSetpoint
	if sp.Up < 30-0.01 || sp.Up > 40+0.01 || sp.East < -50 || sp.North < -50 || sp.East > 350 || sp.North > 350 {
		t.Errorf("last setpoint %+v: want 30-40 m up inside the mission's square", sp)
	}
	if !containsMode(r.Modes, 6<<16) {
		t.Errorf("modes %v: OFFBOARD never entered", r.Modes)
	}
}

// The mission upload: node-mavlink runs the vehicle's side of the protocol
// and checks every item.
func TestInteropFixedWingMission(t *testing.T) {
	res, _, r := interopFlight(t, motion.KindFixedWing)
	if r.MissionAccepted < 1 || r.MissionItems < 3 || res.Uploads < 1 || r.FirstItem == nil {
		t.Fatalf("node accepted %d missions (%d items); tigris uploaded %d", r.MissionAccepted, r.MissionItems, res.Uploads)
	}
	// The plan starts where the vehicle is: node's start, 40 m over home.
	if r.FirstItem.Command != 16 || math.Abs(r.FirstItem.Up-40) > 0.01 || math.Hypot(r.FirstItem.East, r.FirstItem.North) > 5 {
		t.Errorf("first item %+v: want a waypoint 40 m over home", r.FirstItem)
	}
	if !containsMode(r.Modes, 4<<16|4<<24) {
		t.Errorf("modes %v: AUTO.MISSION never entered", r.Modes)
	}
}

func containsMode(modes []uint32, m uint32) bool {
	for _, x := range modes {
		if x == m {
			return true
		}
	}
	return false
}
