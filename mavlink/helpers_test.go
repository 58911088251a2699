package mavlink

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"math"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialect"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"github.com/bluenviron/gomavlib/v3/pkg/streamwriter"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
)

// testHome is PX4 SITL's home.
var testHome = geo.Origin{Lat: 47.397742, Lon: 8.545594, Alt: 488}

func ptr[T any](v T) *T { return &v }

// freePort returns a UDP (or TCP) port on 127.0.0.1 that was free a moment ago.
func freePort(t testing.TB, network string) int {
	t.Helper()
	if network == "udp" {
		c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return c.LocalAddr().(*net.UDPAddr).Port
	}
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// testWorld is a small search problem: a 300 m square with a likely block.
type testWorld struct {
	cfg     FlightConfig
	vehicle VehicleConfig
}

func newTestWorld(t testing.TB, kind string, ap Autopilot, keepOut []motion.KeepOut) testWorld {
	t.Helper()
	bounds := []geom.Point{{X: 0, Y: 0}, {X: 400, Y: 0}, {X: 400, Y: 400}, {X: 0, Y: 400}}
	mc := belief.MapConfig{Resolution: 10, Bounds: bounds, DefaultProbability: ptr(0.05)}
	priors := []belief.Prior{{Polygon: []geom.Point{{X: 100, Y: 100}, {X: 300, Y: 100}, {X: 300, Y: 300}, {X: 100, Y: 300}}, Probability: ptr(0.4)}}
	grid, err := belief.NewGrid(mc.WithDefaults(), priors)
	if err != nil {
		t.Fatal(err)
	}
	vc := motion.Config{Kind: kind, Speed: 20, Altitude: 30, YawRate: 360, Start: motion.StartPose{X: 50, Y: 50, Z: ptr(30.0)}}
	sc := belief.SensorConfig{PitchDeg: 90, Models: []belief.ModelConfig{{ID: 0, MaxRange: 130, Table: belief.TableSource{Name: "multirotor_sensor_model_0.csv"}}}}
	budget := planner.Budget{Distance: 120}
	if kind == motion.KindFixedWing {
		vc = motion.Config{Kind: kind, Speed: 40, MinTurnRadius: 60, Altitude: 60, Start: motion.StartPose{X: 200, Y: 60, Z: ptr(60.0)}}
		sc = belief.SensorConfig{PitchDeg: 60, Models: []belief.ModelConfig{{ID: 0, MaxRange: 300, Table: belief.TableSource{Name: "fixedwing_sensor_model_0.csv"}}}}
		budget = planner.Budget{Distance: 320}
	}
	vc = vc.WithDefaults()
	sensor, err := belief.NewSensor(sc.WithDefaults(), nil)
	if err != nil {
		t.Fatal(err)
	}
	model, err := motion.NewModel(vc)
	if err != nil {
		t.Fatal(err)
	}
	val, err := motion.NewValidator(keepOut, geom.Polygon(grid.Bounds), true)
	if err != nil {
		t.Fatal(err)
	}
	pc := planner.DefaultConfig()
	pc.Step, pc.ExtendDist, pc.ExtendRadius, pc.PruneRadius, pc.ViewpointGoal = 20, 200, 300, 60, 0
	p, err := planner.New(planner.Problem{Model: model, Validator: val, Grid: grid, Sensor: sensor,
		Altitude: vc.Altitude, Budget: budget, Config: pc})
	if err != nil {
		t.Fatal(err)
	}
	start := vc.StartState()
	home := start
	home.X, home.Y = 0, 0
	return testWorld{
		cfg: FlightConfig{Planner: p, Grid: grid, Sensor: sensor, Validator: val, Kind: kind, Speed: vc.Speed,
			Start: start, Budget: budget, PlanTime: 300 * time.Millisecond, Autopilot: ap},
		vehicle: VehicleConfig{Autopilot: ap, Kind: kind, Home: testHome, Start: home, Speed: vc.Speed,
			TurnRadius: vc.MinTurnRadius, YawRate: 2 * math.Pi},
	}
}

// startVehicle runs a simulated autopilot on a UDP server endpoint at a free
// port until the test ends (or stop is called) and returns its port.
func startVehicle(t testing.TB, cfg VehicleConfig) (v *Vehicle, port int, stop func()) {
	t.Helper()
	port = freePort(t, "udp")
	cfg.Endpoint = gomavlib.EndpointUDPServer{Address: net.JoinHostPort("127.0.0.1", strconv.Itoa(port))}
	v, stop = runVehicle(t, cfg)
	return v, port, stop
}

// runVehicle runs a simulated autopilot on cfg.Endpoint until the test ends
// (or stop is called).
func runVehicle(t testing.TB, cfg VehicleConfig) (v *Vehicle, stop func()) {
	t.Helper()
	v, err := NewVehicle(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := v.Run(ctx); err != nil {
			t.Error(err)
		}
	}()
	var once sync.Once
	stop = func() { once.Do(func() { cancel(); <-done }) }
	t.Cleanup(stop)
	return v, stop
}

func newDialectRW() (*dialect.ReadWriter, error) {
	rw := &dialect.ReadWriter{Dialect: common.Dialect}
	return rw, rw.Initialize()
}

// dialUDP connects a Link to 127.0.0.1:port.
func dialUDP(t testing.TB, port int) *Link {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	l, err := Dial(ctx, LinkConfig{Endpoint: gomavlib.EndpointUDPClient{Address: "127.0.0.1:" + strconv.Itoa(port)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l
}

// encode frames messages as an autopilot (system 1, component 1) would.
func encode(t testing.TB, msgs ...message.Message) []byte {
	t.Helper()
	var buf bytes.Buffer
	rw, err := newDialectRW()
	if err != nil {
		t.Fatal(err)
	}
	fw := &frame.Writer{ByteWriter: &buf, DialectRW: rw}
	if err := fw.Initialize(); err != nil {
		t.Fatal(err)
	}
	sw := &streamwriter.Writer{FrameWriter: fw, Version: streamwriter.V2, SystemID: 1, ComponentID: 1}
	if err := sw.Initialize(); err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := sw.Write(m); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// autopilotHeartbeat is the heartbeat of a PX4 multirotor.
func autopilotHeartbeat() *common.MessageHeartbeat {
	return &common.MessageHeartbeat{Type: common.MAV_TYPE_HEXAROTOR, Autopilot: common.MAV_AUTOPILOT_PX4,
		BaseMode: common.MAV_MODE_FLAG_CUSTOM_MODE_ENABLED | common.MAV_MODE_FLAG_SAFETY_ARMED, MavlinkVersion: 3}
}

// goodPosition is a valid GLOBAL_POSITION_INT at home, 30 m up.
func goodPosition() *common.MessageGlobalPositionInt {
	return &common.MessageGlobalPositionInt{TimeBootMs: 1000, Lat: toE7(testHome.Lat), Lon: toE7(testHome.Lon),
		Alt: 518_000, RelativeAlt: 30_000, Hdg: 9000}
}

// fakeAutopilot is a scripted autopilot for protocol tests: it heartbeats as
// a PX4 multirotor every 100 ms, records what it receives, and answers with
// whatever reply returns.
type fakeAutopilot struct {
	node *gomavlib.Node
	got  chan message.Message
}

func startFake(t testing.TB, reply func(m message.Message) []message.Message) (*fakeAutopilot, int) {
	t.Helper()
	port := freePort(t, "udp")
	f := &fakeAutopilot{got: make(chan message.Message, 4096)}
	f.node = &gomavlib.Node{
		Endpoints:   []gomavlib.EndpointConf{gomavlib.EndpointUDPServer{Address: "127.0.0.1:" + strconv.Itoa(port)}},
		Dialect:     common.Dialect,
		OutVersion:  gomavlib.V2,
		OutSystemID: 1, OutComponentID: 1,
		HeartbeatDisable: true,
	}
	if err := f.node.Initialize(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{}, 2)
	go func() {
		defer func() { done <- struct{}{} }()
		for evt := range f.node.Events() {
			if e, ok := evt.(*gomavlib.EventFrame); ok {
				select {
				case f.got <- e.Message():
				default:
				}
				for _, r := range reply(e.Message()) {
					_ = f.node.WriteMessageAll(r)
				}
			}
		}
	}()
	go func() {
		defer func() { done <- struct{}{} }()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				_ = f.node.WriteMessageAll(autopilotHeartbeat())
			}
		}
	}()
	t.Cleanup(func() {
		close(stop)
		f.node.Close()
		<-done
		<-done
	})
	return f, port
}

// received drains what the fake has received so far.
func (f *fakeAutopilot) received() []message.Message {
	var out []message.Message
	for {
		select {
		case m := <-f.got:
			out = append(out, m)
		default:
			return out
		}
	}
}

// proxy relays UDP between a link (which connects to it) and a vehicle, can
// cut the vehicle's side off, and records what the link sends, stamped with
// the time it passed.
type proxy struct {
	port int
	mu   sync.Mutex
	cut  bool
	sent []stamped
}

type stamped struct {
	at  time.Time
	msg message.Message
}

func startProxy(t testing.TB, vehiclePort int) *proxy {
	t.Helper()
	front, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	back, err := net.DialUDP("udp4", nil, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: vehiclePort})
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{port: front.LocalAddr().(*net.UDPAddr).Port}
	rw, err := newDialectRW()
	if err != nil {
		t.Fatal(err)
	}
	var client atomic.Pointer[net.UDPAddr]
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		buf := make([]byte, 4096)
		for {
			n, from, err := front.ReadFromUDP(buf)
			if err != nil {
				return
			}
			client.Store(from)
			now := time.Now()
			r := &frame.Reader{BufByteReader: bufio.NewReader(bytes.NewReader(buf[:n])), DialectRW: rw}
			if r.Initialize() == nil {
				for {
					fr, err := r.Read()
					if err != nil {
						break
					}
					p.mu.Lock()
					p.sent = append(p.sent, stamped{now, fr.GetMessage()})
					p.mu.Unlock()
				}
			}
			_, _ = back.Write(buf[:n])
		}
	}()
	go func() {
		defer wg.Done()
		buf := make([]byte, 4096)
		for {
			n, err := back.Read(buf)
			if err != nil {
				if errors.Is(err, net.ErrClosed) {
					return
				}
				continue
			}
			p.mu.Lock()
			cut := p.cut
			p.mu.Unlock()
			if to := client.Load(); to != nil && !cut {
				_, _ = front.WriteToUDP(buf[:n], to)
			}
		}
	}()
	t.Cleanup(func() {
		front.Close()
		back.Close()
		wg.Wait()
	})
	return p
}

// setCut cuts (or restores) the vehicle-to-link direction and returns when.
func (p *proxy) setCut(cut bool) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cut = cut
	return time.Now()
}

// record returns what the link has sent so far.
func (p *proxy) record() []stamped {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]stamped(nil), p.sent...)
}
