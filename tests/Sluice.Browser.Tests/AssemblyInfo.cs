// Each browser test drives a real Chromium against a real server; on a 2-core machine running them in
// parallel starves both and makes timeouts flaky, so they run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
