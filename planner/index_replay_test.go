package planner

import (
	"slices"
	"testing"

	"github.com/tigris-uav/tigris/motion"
)

// indexOp is one call the planner made on its index, with gonumIndex's
// answer.
type indexOp struct {
	kind    byte // 'r'eset, 'i'nsert, 'n'earest, 'b'all, 'd'ominated
	es      []entry
	e       entry
	r       float64
	id      int32
	d       float64
	near    []neighbour // sorted
	verdict bool
}

// recorder is an index that logs every call the planner makes on a
// gonumIndex, so the same sequence can be replayed on any index.
type recorder struct {
	gonumIndex
	ops []indexOp
}

func (x *recorder) reset(es []entry) {
	x.ops = append(x.ops, indexOp{kind: 'r', es: slices.Clone(es)})
	x.gonumIndex.reset(es)
}

func (x *recorder) insert(e entry) {
	x.ops = append(x.ops, indexOp{kind: 'i', e: e})
	x.gonumIndex.insert(e)
}

func (x *recorder) nearest(q motion.Pose) (int32, float64) {
	id, d := x.gonumIndex.nearest(q)
	x.ops = append(x.ops, indexOp{kind: 'n', e: entry{pose: q}, id: id, d: d})
	return id, d
}

func (x *recorder) ball(q motion.Pose, r float64, dst []neighbour) []neighbour {
	n := len(dst)
	dst = x.gonumIndex.ball(q, r, dst)
	near := slices.Clone(dst[n:])
	slices.SortFunc(near, cmpNeighbour)
	x.ops = append(x.ops, indexOp{kind: 'b', e: entry{pose: q}, r: r, near: near})
	return dst
}

func (x *recorder) radius(q motion.Pose, r float64, dst []neighbour) []neighbour {
	dst = x.ball(q, r, dst)
	slices.SortFunc(dst, cmpNeighbour)
	return dst
}

func (x *recorder) dominated(q motion.Pose, r, cost, reward float64) bool {
	v := x.gonumIndex.dominated(q, r, cost, reward)
	x.ops = append(x.ops, indexOp{kind: 'd', e: entry{q, cost, reward}, r: r, verdict: v})
	return v
}

// recordPlan plans the reference-scale fixed-wing mission for iters
// iterations on one worker and returns the planner's index calls.
func recordPlan(tb tester, iters int) []indexOp {
	m := fixedWing()
	m.cfg.Workers = 1
	p, prob := m.planner(tb)
	rec := &recorder{}
	p.index = rec
	replan(tb, p, m.start, m.budget, prob.Grid, iters)
	return rec.ops
}

// replay runs ops on x; with check, it fails on the first answer that
// differs from the recorded one. kinds selects the queries to run (resets
// and inserts always run).
func replay(tb testing.TB, x index, ops []indexOp, kinds string, check bool) {
	var dst []neighbour
	for k, op := range ops {
		switch op.kind {
		case 'r':
			x.reset(op.es)
		case 'i':
			x.insert(op.e)
		}
		if op.kind == 'r' || op.kind == 'i' || !slices.Contains([]byte(kinds), op.kind) {
			continue
		}
		switch op.kind {
		case 'n':
			id, d := x.nearest(op.e.pose)
			if check && (id != op.id || d != op.d) {
				tb.Fatalf("op %d: nearest(%v) = %d,%v, want %d,%v", k, op.e.pose, id, d, op.id, op.d)
			}
		case 'b':
			dst = x.ball(op.e.pose, op.r, dst[:0])
			if check {
				slices.SortFunc(dst, cmpNeighbour)
				if !slices.Equal(dst, op.near) {
					tb.Fatalf("op %d: ball(%v, %v): %d nodes, want %d", k, op.e.pose, op.r, len(dst), len(op.near))
				}
			}
		case 'd':
			if v := x.dominated(op.e.pose, op.r, op.e.cost, op.e.reward); check && v != op.verdict {
				tb.Fatalf("op %d: dominated(%v, %v, %v, %v) = %v, want %v", k, op.e.pose, op.r, op.e.cost, op.e.reward, v, op.verdict)
			}
		}
	}
}

// TestIndexReplaysPlanner replays every index call of a plan on each index:
// the answers must be gonumIndex's, which the plan was made with.
func TestIndexReplaysPlanner(t *testing.T) {
	ops := recordPlan(t, 30)
	counts := map[byte]int{}
	for _, op := range ops {
		counts[op.kind]++
	}
	if counts['d'] == 0 || counts['b'] == 0 || counts['n'] == 0 || counts['i'] == 0 {
		t.Fatalf("the plan made too few index calls to compare: %v", counts)
	}
	for _, ix := range indexes {
		if ix.name == "kyroy" {
			continue // too slow for thousands of queries
		}
		t.Run(ix.name, func(t *testing.T) {
			replay(t, ix.new(), ops, "nbd", true)
		})
	}
}

// BenchmarkIndexReplay replays the index calls of a 150-iteration plan of
// the reference-scale mission (about 12,500 inserts and 158,000 dominance
// checks): build runs only the inserts, the others add one kind of query,
// so a query kind's cost is its time less build's.
func BenchmarkIndexReplay(b *testing.B) {
	ops := recordPlan(b, 150)
	for _, ix := range indexes {
		if ix.name == "kyroy" {
			continue
		}
		for _, kinds := range []struct{ name, kinds string }{
			{"build", ""}, {"nearest", "n"}, {"ball", "b"}, {"dominated", "d"},
		} {
			b.Run(ix.name+"/"+kinds.name, func(b *testing.B) {
				for b.Loop() {
					replay(b, ix.new(), ops, kinds.kinds, false)
				}
			})
		}
	}
}
