// Package mavlink connects tigris to a flight controller over MAVLink: the
// bridge that lets the planner fly a real PX4 or ArduPilot vehicle from a
// companion computer (`tigris fly`), and a simulated autopilot that speaks
// the same subset for tests and rehearsals (`tigris vehicle`).
//
// Unlike the algorithm packages, this one owns time and I/O: it reads the
// wall clock, runs goroutines and talks to sockets and serial ports. It uses
// github.com/bluenviron/gomavlib/v3 for framing, CRCs and transports.
//
// # The link
//
// ParseEndpoint turns a URL into a transport: udp://HOST:PORT (to an
// autopilot or SITL), udpin://:PORT (listen), tcp://HOST:PORT,
// tcpin://:PORT, serial:///dev/ttyACM0:57600. Dial opens it, announces us as
// an onboard controller (HEARTBEAT every second, the first as soon as the
// channel opens, so that an autopilot on UDP learns where we are) and waits
// for the autopilot's heartbeat; heartbeats of ground stations, cameras and
// other companions are not taken for it.
//
// A Link keeps the latest Telemetry: GLOBAL_POSITION_INT, ATTITUDE,
// HOME_POSITION, GPS_GLOBAL_ORIGIN and MISSION_CURRENT, which RequestStreams
// asks for with MAV_CMD_SET_MESSAGE_INTERVAL (ArduPilot sends nothing
// unasked). Every inbound value is checked before it is used: NaN or
// infinite angles, latitudes past the poles, the 0°, 0° of a missing fix,
// altitudes beyond 10 km above home or 20 km above the sea, impossible
// speeds and datagrams that arrive after a newer one are dropped with their
// message and counted (Stats), never passed on. FuzzInbound feeds the path
// arbitrary bytes.
//
// Command sends COMMAND_LONG and waits for its COMMAND_ACK, resending with
// a raised confirmation count; UploadMission runs the mission protocol
// (MISSION_COUNT, MISSION_REQUEST_INT or the legacy MISSION_REQUEST,
// MISSION_ITEM_INT, MISSION_ACK) with timeouts and retries, because gomavlib
// never reports whether a write arrived.
//
// # Frames
//
// MAVLink is North-East-Down with yaws clockwise from north; missions are
// East-North-Up with headings counter-clockwise from east. The conversion
// happens here and nowhere else: a Frame maps latitude and longitude to the
// mission's metres (through package geo's exact WGS84 conversion; < 1 mm
// round trip within 20 km), heights are relative to the autopilot's home,
// and ENUToNED and HeadingToYaw turn vectors and headings around. A mission
// with a geodetic origin uses it; one without is anchored at the vehicle's
// home, which becomes the mission's start (AnchorAt).
//
// # Modes
//
// PX4 and ArduPilot name the same ideas differently (Autopilot.CustomMode):
//
//	                 PX4            ArduPilot Copter   ArduPilot Plane
//	ModeGuided       OFFBOARD       GUIDED (4)         GUIDED (15)
//	ModeMission      AUTO.MISSION   AUTO (3)           AUTO (10)
//	ModeHold         AUTO.LOITER    BRAKE (17)         LOITER (12)
//
// # The flight loop
//
// Fly runs planner.Online in wall-clock time. It plans from the vehicle's
// pose, then flies the plan by vehicle kind:
//
//   - a multirotor gets SET_POSITION_TARGET_GLOBAL_INT (or _LOCAL_NED
//     relative to GPS_GLOBAL_ORIGIN) for the next waypoint at SetpointRate
//     (20 Hz), streamed for half a second before OFFBOARD or GUIDED is asked
//     for, as PX4 requires;
//   - a fixed-wing gets the next stretch of the plan as a mission (ArduPilot
//     keeps item 0 for home; a loiter at the end keeps it circling if plans
//     stop), is switched to AUTO, and reports its progress with
//     MISSION_CURRENT.
//
// While the vehicle flies, the next replan runs on a copy of the belief with
// a PlanTime deadline; its start is where the vehicle will be when it ends,
// and its plan is stitched onto the one being flown. The camera footprint
// at each telemetry pose, tilted by the measured attitude, updates the
// belief at BeliefRate with belief's Bayes update, and so do the detections
// an onboard detector reports (ListenDetections: one JSON object per line
// in UDP datagrams, {"x": 120, "y": 40} in mission metres or
// {"lat": 47.39, "lon": 8.54}).
//
// # Safety
//
//   - A target outside the bounds (when the mission asks to stay in them)
//     or inside a keep-out is never sent: the flight ends holding
//     (ErrUnsafeTarget), and a mission is cut before such a waypoint.
//   - Telemetry older than one second stops the targets and commands a hold
//     at once; the flight resumes when telemetry returns and ends after
//     LostAfter (ErrLinkLost).
//   - When the vehicle leaves the mode the bridge commanded — a pilot's
//     switch or the autopilot's failsafe — the bridge sends nothing more and
//     says so (ErrPilotOverride).
//   - The bridge never arms, takes off or lands: a pilot launches, the
//     bridge takes over an airborne vehicle in a hold and leaves it holding.
//
// # The simulated autopilot
//
// Vehicle imitates PX4 or ArduPilot closely enough for the bridge and for
// ground stations: heartbeats with their type, autopilot and mode encoding,
// telemetry streamed unasked (PX4) or on request (ArduPilot), setpoints
// obeyed only in OFFBOARD or GUIDED, OFFBOARD refused without a fresh
// setpoint stream and left for a hold when it stops, the mission protocol,
// MISSION_ITEM_REACHED and MISSION_CURRENT, and command acknowledgements.
// Its vehicle is a kinematic follower within the mission's speed, turn
// radius, climb rate and yaw rate (the simulator's own vehicle, package sim,
// flies plans exactly and is not exported).
package mavlink
