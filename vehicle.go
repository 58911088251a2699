package main

import (
	"context"
	"io"
	"log"
	"math"
	"os"
	"os/signal"
	"syscall"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/geo"
	"github.com/tigris-uav/tigris/mavlink"
)

// defaultHome is PX4 SITL's home, so that QGroundControl shows the simulated
// vehicle where PX4 users expect it.
const defaultHome = "47.397742,8.545594,488"

func runVehicle(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("vehicle", stderr)
	listen := fs.String("listen", "", "where to serve MAVLink: udpin://:14540, tcpin://:5760, udp://HOST:PORT or serial:///dev/X:57600 (required)")
	autopilot := fs.String("autopilot", "px4", "px4 or ardupilot: which autopilot to imitate")
	missionRef := fs.String("mission", "coastal-search", "mission file or scenario: the vehicle's kind, speed, turn radius and start")
	home := fs.String("home", defaultHome, "LAT,LON,ALT of home (degrees, metres above sea level); without a mission origin it is the mission's start")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *listen == "" {
		return inputErrorf("-listen is required")
	}
	ap, err := mavlink.ParseAutopilot(*autopilot)
	if err != nil {
		return &InputError{Err: err}
	}
	endpoint, err := mavlink.ParseEndpoint(*listen)
	if err != nil {
		return &InputError{Err: err}
	}
	lat, lon, alt, err := parseLatLonAlt(*home)
	if err != nil {
		return inputErrorf("-home %w", err)
	}
	m, err := loadMission(*missionRef)
	if err != nil {
		return err
	}
	w, err := m.build()
	if err != nil {
		return err
	}
	start := w.Start
	origin := geo.Origin{Lat: lat, Lon: lon, Alt: alt}
	if m.Origin != nil {
		// The home is where the mission's start is.
		lat, lon, _ = m.Origin.FromENU(r3.Vec{X: w.Start.X, Y: w.Start.Y})
		origin = geo.Origin{Lat: lat, Lon: lon, Alt: alt}
	}
	start.X, start.Y = 0, 0
	logger := log.New(stderr, "", log.Ltime|log.Lmicroseconds)
	v, err := mavlink.NewVehicle(mavlink.VehicleConfig{
		Endpoint: endpoint, Autopilot: ap, Kind: m.Vehicle.Kind, Home: origin, Start: start,
		Speed: m.Vehicle.Speed, TurnRadius: m.Vehicle.MinTurnRadius, ClimbRate: m.Vehicle.ClimbRate,
		YawRate: m.Vehicle.YawRate * math.Pi / 180,
		Log:     func(format string, args ...any) { logger.Printf("vehicle: "+format, args...) },
	})
	if err != nil {
		return &InputError{Err: err}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger.Printf("vehicle: simulated %s %s at %.6f, %.6f, %.0f m up, holding; serving %s",
		ap, vehicleKindName(m.Vehicle.Kind), origin.Lat, origin.Lon, start.Z, *listen)
	return v.Run(ctx)
}
