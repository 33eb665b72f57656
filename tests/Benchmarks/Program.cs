using ContentPlatform.Benchmarks;

// Modes:
//   cms-timings DATA_DIR CONTENT_DIR   import of content/ and publish of a 10-module program, with percentiles
//   baseline FILE PORT [TYPE]          a minimal Kestrel app serving FILE's bytes from memory (the HTTP baseline)
//   delivery-serve OUT_DIR             Delivery on a free port with a signed-in patient; writes url, cookie, page, weight
//   progress-writes sqlite|postgres S  progress-event commits per second: the app's write path vs bare INSERTs
return args switch
{
    ["delivery-serve", var dir] => await DeliveryBench.ServeAsync(dir),
    ["progress-writes", var provider, var secs] => await DeliveryBench.ProgressWritesAsync(provider, int.Parse(secs, System.Globalization.CultureInfo.InvariantCulture)),
    ["baseline", var file, var port, var type] => await Baseline.RunAsync(file, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), type),
    ["cms-timings", var data, var content] => await CmsTimings.RunAsync(data, content),
    ["baseline", var file, var port] => await Baseline.RunAsync(file, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: cms-timings DATA_DIR CONTENT_DIR | baseline FILE PORT [TYPE] | delivery-serve OUT_DIR | progress-writes sqlite|postgres SECONDS");
    return 2;
}
