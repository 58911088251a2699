// Package motion says how the vehicle can move: it steers from one pose to
// another, discretises the result for the planner and the reward, and checks
// the result against keep-out zones and the search bounds.
//
// # Poses
//
// A Pose is a position in the mission's local ENU frame (metres; Z is the
// height above the ground plane) and a heading in radians, counter-clockwise
// from east. Headings are compared with AngleDiff and kept in [-π, π) with
// WrapPi. Distance is the planner's nearest-neighbour metric: Euclidean
// distance plus heading difference.
//
// # Models
//
// A Model fills a Path with the motion from one pose toward another. Three
// models exist; NewModel picks one from the mission's `vehicle:` section
// (Config):
//
//   - Dubins, the fixed-wing in still air: the shortest of the six Dubins
//     words (LSL, RSR, LSR, RSL, RLR, LRL) with the minimum turn radius.
//     Altitude changes linearly along the path and reaches the goal's, unless
//     a climb rate limits it (then the last state is as high as the limit
//     allows). ShortestDubins and DubinsWord expose the planar geometry.
//     The shortest word is found without solving all six: each word's length
//     has a lower bound that needs no arctangent (its straight or middle arc
//     plus its arcs' sum modulo 2π), and the words are solved in order of
//     their bounds until none can beat the best; a tie still goes to the
//     earlier word, and the result is bit for bit that of solving all six
//     (the old chooser is the tests' oracle). BenchmarkShortestDubins (a
//     500 m edge) 148 ns instead of 190, BenchmarkDubinsSteer 420 instead
//     of 468 (go test -run '^$' -bench 'Dubins' -benchmem; minimum of 10
//     interleaved runs).
//   - Trochoid, the fixed-wing in a constant wind: a Dubins path flown
//     relative to the drifting air, solved for the flight time at which the
//     drifted goal is reached. Headings are where the nose points; Dist is
//     measured over the ground. With zero wind it is exactly Dubins.
//   - Multirotor: turn in place toward the goal, fly the straight 3D line,
//     turn in place to the goal heading. Turning costs time (YawRate), not
//     distance.
//
// Every Path reports both the distance (Dist, metres along the path) and the
// time (Time, seconds) to each state, so the planner can hold a distance or
// a time budget. Wind at or above the airspeed has no solution and is
// rejected with an error wrapping ErrWindTooStrong.
//
// # Discretisation
//
// States[0] is exactly the start pose and, for a complete path, the last
// state is exactly the goal (x, y, heading; Z as reached). In between, a
// state is placed at the start of every segment (so the tangent points where
// a straight begins and ends are states) and then every step metres of arc
// length; segments of zero length place nothing. Path.Straights lists the
// straight parts with their analytic end points, for the swept-edge reward.
// The planner stops an edge early with Path.Truncate, which also clips a
// straight cut in its middle so that the part flown still earns reward.
//
// Steer writes into the Path it is given, reusing its storage: a planner that
// keeps one Path per worker steers without allocating. Arcs are sampled by a
// rotation recurrence, not by sin/cos per state.
//
// A planner keeps at most a few hundred metres of an edge toward a target
// that may be kilometres away. SteerLimited (the function, or a model's
// method: every model here is a LimitedSteerer) stops at the first state
// that reaches a distance or time limit, and the Path is bit for bit what
// Steer followed by Truncate gives. BenchmarkSteerLimited (go test -run '^$'
// -bench 'SteerLimited|FirstInvalid' -benchmem; go1.26, 2 shared cores,
// minimum of 10 runs), a target 1.5 km away with 40 m states cut at 500 m:
// Dubins 323 ns instead of 557 for the whole path, the multirotor 125
// instead of 230; the trochoid 6.8 µs instead of 7.2, its time being the
// search for the flight time, which needs the whole path. The limit checks
// cost the full Steer about 4 % (Dubins 452 → 475 ns, 16 states).
//
// # Validity
//
// A Validator holds the keep-out zones (circles and polygons, concave ones
// included) and, optionally, the bounds polygon the vehicle must stay in.
// StateValid checks one pose; FirstInvalid checks the continuous motion
// between consecutive states, not only the states, so an edge that clips a
// small zone between two states is rejected. Between states the vehicle
// flies either a straight or a curve of known length, and the check inflates
// the zones by the most such a curve can bulge away from its chord.
// FirstInvalid first tests the box of the whole path, grown by its longest
// piece, against every zone, and tests piece by piece only the kinds of zone
// (circles, polygons, bounds) some piece may reach, with the same answer: a
// 500 m edge inside concave bounds and far from two keep-outs
// (BenchmarkFirstInvalidFar) takes 140 ns instead of 5.75 µs; one near the
// zones (BenchmarkFirstInvalid) pays about 4 % for the box, 1096 ns against
// 1057.
package motion
