// libtorch's random generator is one per process: manual_seed in one test and the draws of dropout or of a module's
// initialization in another would interleave when test classes run in parallel, and a test that reseeds to repeat a
// dropout mask would see another test's draws in between. The whole project runs in a few seconds, so it runs serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
