using ContentPlatform.Benchmarks;

// Modes:
//   cms-timings DATA_DIR CONTENT_DIR   import of content/ and publish of a 10-module program, with percentiles
//   baseline FILE PORT                 a minimal Kestrel app serving FILE's bytes from memory (the HTTP baseline)
//   analytics-timings DATA_DIR PATIENTS CONTENT_DIR [POSTGRES]   indicator computation over N synthetic patients
return args switch
{
    ["cms-timings", var data, var content] => await CmsTimings.RunAsync(data, content),
    ["analytics-timings", var data, var n, var content] => await AnalyticsTimings.RunAsync(data, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture), content, null),
    ["analytics-timings", var data, var n, var content, var pg] => await AnalyticsTimings.RunAsync(data, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture), content, pg),
    ["baseline", var file, var port] => await Baseline.RunAsync(file, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: cms-timings DATA_DIR CONTENT_DIR | baseline FILE PORT | analytics-timings DATA_DIR PATIENTS CONTENT_DIR [POSTGRES]");
    return 2;
}
