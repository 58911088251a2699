//go:build linux

package mavlink

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bluenviron/gomavlib/v3"
	"github.com/bluenviron/gomavlib/v3/pkg/dialects/common"
	"github.com/bluenviron/gomavlib/v3/pkg/frame"
	"github.com/bluenviron/gomavlib/v3/pkg/message"
	"golang.org/x/sys/unix"

	"github.com/tigris-uav/tigris/motion"
)

// openPTY opens a pseudo-terminal pair and returns its master and the path
// of its slave, the tty device a serial endpoint opens. The test is skipped,
// not failed, only where there are no pseudo-terminals to open.
func openPTY(t testing.TB) (master *os.File, slave string) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("cannot open /dev/ptmx, so no pseudo-terminal to test the serial endpoint on: %v", err)
	}
	t.Cleanup(func() { _ = m.Close() }) // the endpoint may have closed it already
	// Control, not Fd: Fd would put the master in blocking mode, and the
	// endpoint needs read deadlines and a Close that interrupts a Read.
	rc, err := m.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var n uint32
	var ioctlErr error
	err = rc.Control(func(fd uintptr) { n, ioctlErr = setUpPTY(int(fd)) })
	if err = errors.Join(err, ioctlErr); err != nil {
		t.Fatalf("pty: %v", err)
	}
	slave = "/dev/pts/" + strconv.FormatUint(uint64(n), 10)
	if _, err := os.Stat(slave); errors.Is(err, os.ErrNotExist) {
		// A container can have /dev/ptmx without devpts mounted on /dev/pts.
		t.Skipf("%s does not exist (is devpts mounted on /dev/pts?), so no tty to test the serial endpoint on", slave)
	}
	return m, slave
}

// setUpPTY unlocks the slave of the master fd, makes the pair raw and
// returns the slave's number.
//
// Termios requests on a Linux pty master act on the slave, whose line
// discipline carries both directions. It starts cooked: it would echo what
// the autopilot sends before the link opens the slave (and sets its own raw
// mode), turn a 0x0d byte into 0x0a and swallow 0x11 and 0x13 as flow
// control. Raw from the start, every byte crosses as it was written.
func setUpPTY(fd int) (uint32, error) {
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		return 0, err
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		return 0, err
	}
	tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return 0, err
	}
	// cfmakeraw(3)
	tio.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	tio.Oflag &^= unix.OPOST
	tio.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	tio.Cflag &^= unix.CSIZE | unix.PARENB
	tio.Cflag |= unix.CS8
	tio.Cc[unix.VMIN], tio.Cc[unix.VTIME] = 1, 0
	return n, unix.IoctlSetTermios(fd, unix.TCSETS, tio)
}

// ptyConn is a pty master as the net.Conn of a gomavlib custom endpoint. It
// keeps a copy of every byte that crosses it: in is what the slave's side
// sent, out what was sent to it. The file is a field, not embedded, so that
// io.Copy cannot go around Read and Write through *os.File's ReadFrom and
// WriteTo.
type ptyConn struct {
	f       *os.File
	mu      sync.Mutex
	in, out bytes.Buffer
}

func (c *ptyConn) Read(p []byte) (int, error) {
	n, err := c.f.Read(p)
	c.mu.Lock()
	c.in.Write(p[:n])
	c.mu.Unlock()
	return n, err
}

func (c *ptyConn) Write(p []byte) (int, error) {
	n, err := c.f.Write(p)
	c.mu.Lock()
	c.out.Write(p[:n])
	c.mu.Unlock()
	return n, err
}

func (c *ptyConn) Close() error                       { return c.f.Close() }
func (c *ptyConn) SetDeadline(t time.Time) error      { return c.f.SetDeadline(t) }
func (c *ptyConn) SetReadDeadline(t time.Time) error  { return c.f.SetReadDeadline(t) }
func (c *ptyConn) SetWriteDeadline(t time.Time) error { return c.f.SetWriteDeadline(t) }
func (c *ptyConn) LocalAddr() net.Addr                { return ptyAddr(c.f.Name()) }
func (c *ptyConn) RemoteAddr() net.Addr               { return ptyAddr(c.f.Name()) }

// wire returns copies of what has crossed so far.
func (c *ptyConn) wire() (in, out []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.in.Bytes()), bytes.Clone(c.out.Bytes())
}

type ptyAddr string

func (a ptyAddr) Network() string { return "pty" }
func (a ptyAddr) String() string  { return string(a) }

// ptyEndpoint serves c to a gomavlib node once: a pty master closed by the
// node cannot be reopened, and a second channel would read nothing.
func ptyEndpoint(c *ptyConn) gomavlib.EndpointCustomClient {
	var used atomic.Bool
	return gomavlib.EndpointCustomClient{
		Label: "pty",
		Connect: func(context.Context) (net.Conn, error) {
			if used.Swap(true) {
				return nil, errors.New("the pty master is gone")
			}
			return c, nil
		},
	}
}

// relay copies bytes both ways between two pty masters, as
// `socat pty,raw pty,raw` does, until the test ends.
func relay(t testing.TB, a *os.File, b *ptyConn) {
	t.Helper()
	var wg sync.WaitGroup
	wg.Add(2)
	// Both copies end with EIO when a slave closes, or with ErrClosed below.
	go func() { defer wg.Done(); _, _ = io.Copy(a, b) }()
	go func() { defer wg.Done(); _, _ = io.Copy(b, a) }()
	t.Cleanup(func() {
		_ = a.Close()
		_ = b.Close()
		wg.Wait()
	})
}

// decodeWire parses a byte stream as MAVLink frames. Every byte must belong
// to a frame that decodes with a good CRC; only the last frame may be cut
// short by the link closing.
func decodeWire(t testing.TB, what string, b []byte) []frame.Frame {
	t.Helper()
	rw, err := newDialectRW()
	if err != nil {
		t.Fatal(err)
	}
	r := &frame.Reader{BufByteReader: bufio.NewReader(bytes.NewReader(b)), DialectRW: rw}
	if err := r.Initialize(); err != nil {
		t.Fatal(err)
	}
	var out []frame.Frame
	for {
		fr, err := r.Read()
		var bad frame.ReadError
		switch {
		case err == nil:
			out = append(out, fr)
		case errors.As(err, &bad):
			t.Errorf("%s: a corrupt frame after %d good ones: %v", what, len(out), err)
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return out
		default:
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// messagesOf returns the messages of type T among frames.
func messagesOf[T message.Message](frames []frame.Frame) []T {
	var out []T
	for _, f := range frames {
		if m, ok := f.GetMessage().(T); ok {
			out = append(out, m)
		}
	}
	return out
}

// `tigris fly -connect serial:///dev/pts/N:57600` over a real tty: the link
// opens the slave of a pseudo-terminal through ParseEndpoint's serial
// endpoint (go.bug.st/serial, as with a USB cable to a flight controller),
// and the simulated autopilot drives the master, or, as `tigris vehicle
// -listen serial://...` paired with fly over a null-modem cable or a socat
// pty pair, a second pty's slave through its own serial endpoint. The
// flight is the UDP one's: heartbeats both ways, telemetry in, setpoints or
// missions out, the belief's entropy falling; and every byte that crossed
// the tty decodes into frames with good CRCs.
func TestFlySerial(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		kind      string
		ap        Autopilot
		nullModem bool // the vehicle on a serial endpoint too
	}{
		{"multirotor PX4 on the master", motion.KindMultirotor, PX4, false},
		{"fixed-wing ArduPilot on the master", motion.KindFixedWing, ArduPilot, false},
		{"multirotor PX4 serial to serial", motion.KindMultirotor, PX4, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w := newTestWorld(t, tt.kind, tt.ap, nil)
			master, dev := openPTY(t)
			tap := &ptyConn{f: master}
			w.vehicle.Endpoint = ptyEndpoint(tap)
			if tt.nullModem {
				vmaster, vdev := openPTY(t)
				relay(t, vmaster, tap)
				ep, err := ParseEndpoint("serial://" + vdev + ":57600")
				if err != nil {
					t.Fatal(err)
				}
				w.vehicle.Endpoint = ep
			}
			v, stopVehicle := runVehicle(t, w.vehicle)

			ep, err := ParseEndpoint("serial://" + dev + ":57600")
			if err != nil {
				t.Fatal(err)
			}
			if s, ok := ep.(gomavlib.EndpointSerial); !ok || s.Device != dev || s.Baud != 57600 {
				t.Fatalf("%s parses to %#v, not a serial endpoint", dev, ep)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			l, err := Dial(ctx, LinkConfig{Endpoint: ep})
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(l.Close)
			if sys, comp := l.Target(); sys != 1 || comp != 1 {
				t.Errorf("autopilot %d/%d, want 1/1", sys, comp)
			}
			if err := l.RequestStreams(context.Background()); err != nil {
				t.Fatal(err)
			}
			book, wait := fly(t, context.Background(), l, w.cfg)
			res, err := wait()
			if err != nil {
				t.Fatalf("%v; log:\n%s", err, book)
			}
			multirotor := tt.kind == motion.KindMultirotor
			if multirotor && (res.Replans < 2 || res.Setpoints < 20 || res.Uploads != 0) ||
				!multirotor && (res.Replans < 2 || res.Uploads < 2 || res.Setpoints != 0) {
				t.Errorf("%d replans, %d setpoints, %d uploads", res.Replans, res.Setpoints, res.Uploads)
			}
			if !(res.EntropyEnd < res.EntropyStart-1) {
				t.Errorf("entropy %v -> %v: the camera saw nothing", res.EntropyStart, res.EntropyEnd)
			}
			if res.Link.Frames == 0 || res.Link.Dropped != 0 || res.Link.ParseErrors != 0 {
				t.Errorf("link stats %+v", res.Link)
			}
			engaged, hold := "OFFBOARD engaged", "commanding AUTO.LOITER"
			if !multirotor {
				engaged, hold = "AUTO engaged", "commanding LOITER"
			}
			for _, want := range []string{"is the mission's start", engaged, "replan 2:", hold} {
				if !book.has(want) {
					t.Errorf("log lacks %q:\n%s", want, book)
				}
			}
			st := v.State()
			if st.Mode != ModeHold {
				t.Errorf("vehicle ends in mode %v", st.Mode)
			}
			l.Close()
			stopVehicle()

			in, out := tap.wire()
			sent, heard := decodeWire(t, "link to autopilot", in), decodeWire(t, "autopilot to link", out)
			var ours, theirs int
			for _, hb := range messagesOf[*common.MessageHeartbeat](sent) {
				if hb.Type == common.MAV_TYPE_ONBOARD_CONTROLLER {
					ours++
				}
			}
			for _, hb := range messagesOf[*common.MessageHeartbeat](heard) {
				if hb.Autopilot == tt.ap.mavAutopilot() {
					theirs++
				}
			}
			// The flight takes seconds and both sides beat at 1 Hz from
			// the start.
			if ours < 2 || theirs < 2 {
				t.Errorf("heartbeats across the tty: %d of ours, %d of the autopilot's", ours, theirs)
			}
			if n := len(messagesOf[*common.MessageGlobalPositionInt](heard)); n < 10 {
				t.Errorf("%d GLOBAL_POSITION_INT across the tty", n)
			}
			if n := len(messagesOf[*common.MessageCommandAck](heard)); n < 2 {
				t.Errorf("%d COMMAND_ACK across the tty: want the streams, the mode and the hold acknowledged", n)
			}
			frame := AnchorAt(testHome.Lat, testHome.Lon, w.cfg.Start.Vec)
			inBounds := func(what string, lat, lon int32) {
				p := frame.ToLocal(float64(lat)/1e7, float64(lon)/1e7, 0)
				if !(p.X > -0.1 && p.X < 400.1 && p.Y > -0.1 && p.Y < 400.1) {
					t.Errorf("%s at %.1f, %.1f: outside the mission's bounds", what, p.X, p.Y)
				}
			}
			if multirotor {
				sps := messagesOf[*common.MessageSetPositionTargetGlobalInt](sent)
				if len(sps) == 0 || len(sps) < st.Setpoints || len(sps) > res.Setpoints {
					t.Errorf("%d setpoints across the tty; the link sent %d and the vehicle obeyed %d",
						len(sps), res.Setpoints, st.Setpoints)
				}
				for _, sp := range sps {
					inBounds("a setpoint", sp.LatInt, sp.LonInt)
				}
				return
			}
			counts := messagesOf[*common.MessageMissionCount](sent)
			items := messagesOf[*common.MessageMissionItemInt](sent)
			var accepted int
			for _, a := range messagesOf[*common.MessageMissionAck](heard) {
				if a.Type == common.MAV_MISSION_ACCEPTED {
					accepted++
				}
			}
			if len(counts) < res.Uploads || accepted < res.Uploads || len(items) < st.Mission {
				t.Errorf("across the tty: %d MISSION_COUNT, %d MISSION_ITEM_INT and %d accepted; %d uploads of %d items",
					len(counts), len(items), accepted, res.Uploads, st.Mission)
			}
			for _, it := range items {
				inBounds("mission item "+strconv.Itoa(int(it.Seq)), it.X, it.Y)
			}
		})
	}
}
