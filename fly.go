package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tigris-uav/tigris/mavlink"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/viz"
)

func runFly(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("fly", stderr)
	missionRef := fs.String("mission", "", "mission file or embedded scenario name (required)")
	connect := fs.String("connect", "", "the autopilot: udp://HOST:PORT, udpin://:PORT, tcp://HOST:PORT, tcpin://:PORT or serial:///dev/ttyACM0:57600 (required)")
	autopilot := fs.String("autopilot", "px4", "px4 or ardupilot: how flight modes are encoded")
	planTime := fs.Duration("plan-time", 0, "planning deadline of every replan (default: the mission's planner.plan_time)")
	detections := fs.String("detections", "", "UDP address where the onboard detector sends line-delimited JSON, {\"x\",\"y\"} or {\"lat\",\"lon\"} per line")
	localSetpoints := fs.Bool("local-setpoints", false, "stream SET_POSITION_TARGET_LOCAL_NED (relative to GPS_GLOBAL_ORIGIN) instead of _GLOBAL_INT")
	wait := fs.Duration("wait", 30*time.Second, "how long to wait for the autopilot's heartbeat")
	lostAfter := fs.Duration("lost-after", mavlink.DefaultLostAfter, "end the flight after this long without telemetry (a hold is commanded after 1 s)")
	gui := fs.Bool("gui", false, "watch the flight live in a window (needs a build with -tags gui)")
	pngPath := fs.String("png", "", "write the last frame of the flight as a PNG image")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *missionRef == "" || *connect == "" {
		return inputErrorf("-mission and -connect are required")
	}
	if *planTime < 0 || *wait <= 0 || *lostAfter <= time.Second {
		return inputErrorf("-plan-time must not be negative, -wait must be positive and -lost-after longer than 1s")
	}
	if *gui {
		if err := windowAvailable(); err != nil {
			return err
		}
	}
	ap, err := mavlink.ParseAutopilot(*autopilot)
	if err != nil {
		return &InputError{Err: err}
	}
	endpoint, err := mavlink.ParseEndpoint(*connect)
	if err != nil {
		return &InputError{Err: err}
	}
	m, err := loadMission(*missionRef)
	if err != nil {
		return err
	}
	w, p, err := m.buildPlanner()
	if err != nil {
		return err
	}
	logger := log.New(stderr, "", log.Ltime|log.Lmicroseconds)
	logf := func(format string, args ...any) { logger.Printf("fly: "+format, args...) }

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := mavlink.FlightConfig{
		Planner: p, Grid: w.Grid, Sensor: w.Sensor, Validator: w.Validator,
		Kind: m.Vehicle.Kind, Speed: m.Vehicle.Speed,
		Start: w.Start, Budget: m.Budget, PlanTime: m.Planner.PlanTime, Autopilot: ap,
		LocalSetpoints: *localSetpoints, Log: logf, LostAfter: *lostAfter,
	}
	if *planTime > 0 {
		cfg.PlanTime = *planTime
	}
	if m.Origin != nil {
		cfg.Frame = &mavlink.Frame{Origin: *m.Origin}
	}
	if *detections != "" {
		dl, err := mavlink.ListenDetections(*detections)
		if err != nil {
			return &InputError{Err: err}
		}
		defer dl.Close()
		cfg.Detections = dl.Detections()
		logf("detections on udp %s", dl.Addr())
	}

	logf("mission %s (%s), waiting for the autopilot on %s", m.Name, m.Vehicle.Kind, *connect)
	dctx, cancel := context.WithTimeout(ctx, *wait)
	link, err := mavlink.Dial(dctx, mavlink.LinkConfig{Endpoint: endpoint, Status: func(s string) { logf("autopilot says: %s", s) }})
	cancel()
	if err != nil {
		return err
	}
	defer link.Close()
	sys, comp := link.Target()
	logf("autopilot %d/%d found; requesting telemetry", sys, comp)
	if err := link.RequestStreams(ctx); err != nil {
		return err
	}
	rec, err := newRecorder(*pngPath, "")
	if err != nil {
		return err
	}
	frames := newFrameMaker(w)
	var res mavlink.FlightResult
	if *gui {
		err = runWindow(ctx, "tigris fly — "+m.Name, func(ctx context.Context, publish func(*viz.Frame) bool) error {
			// The flight loop must never wait for the window (a paused
			// window would stop the setpoints): frames go through a
			// one-slot mailbox and are dropped while the window is busy.
			mailbox := make(chan *viz.Frame, 1)
			shown := make(chan struct{})
			go func() {
				defer close(shown)
				for f := range mailbox {
					publish(f)
				}
			}()
			cfg.OnFrame = func(s mavlink.FlightSnapshot) {
				f := frames.flightFrame(s)
				rec.add(f)
				select {
				case mailbox <- f:
				default:
				}
			}
			var flyErr error
			res, flyErr = mavlink.Fly(ctx, link, cfg)
			close(mailbox)
			<-shown
			return flyErr
		})
	} else {
		if rec != nil {
			cfg.OnFrame = func(s mavlink.FlightSnapshot) { rec.add(frames.flightFrame(s)) }
		}
		res, err = mavlink.Fly(ctx, link, cfg)
	}
	if cerr := rec.close(); err == nil {
		err = cerr
	}
	logf("flew %.0f m in %.1f s, %d replans, %d setpoints, %d mission uploads, %d detections; entropy %.1f -> %.1f bits",
		res.Distance, res.Duration.Seconds(), res.Replans, res.Setpoints, res.Uploads, res.Detections, res.EntropyStart, res.EntropyEnd)
	logf("link: %d frames used, %d dropped as malformed, %d unparsable, %d foreign",
		res.Link.Frames, res.Link.Dropped, res.Link.ParseErrors, res.Link.Foreign)
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// parseLatLonAlt reads "LAT,LON,ALT" (degrees, degrees, metres).
func parseLatLonAlt(s string) (lat, lon, alt float64, err error) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return 0, 0, 0, fmt.Errorf("%q: want LAT,LON,ALT", s)
	}
	var v [3]float64
	for i, p := range parts {
		if v[i], err = strconv.ParseFloat(strings.TrimSpace(p), 64); err != nil {
			return 0, 0, 0, fmt.Errorf("%q: %w", s, err)
		}
	}
	return v[0], v[1], v[2], nil
}

// vehicleKindName is a mission's vehicle kind for messages.
func vehicleKindName(kind string) string {
	if kind == motion.KindMultirotor {
		return "multirotor"
	}
	return "fixed-wing"
}
