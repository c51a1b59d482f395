// Package nps is the domain of the Net Promoter Score: categories, the
// mergeable score tally, results with confidence intervals, the two-sample
// comparison (and one group against the rest), and multiplicity adjustment
// of p-values. It does no I/O.
//
// Every answer the tool prints is a pure function of a Tally: an 11-bin
// histogram of scores 0-10 (plus weight sums when weights are used). Tallies
// of two chunks, files or days add up to the tally of the whole, so data is
// read once and never held in memory.
package nps
