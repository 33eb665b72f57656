using ContentPlatform.Benchmarks;

// Modes:
//   cms-timings DATA_DIR CONTENT_DIR   import of content/ and publish of a 10-module program, with percentiles
//   baseline FILE PORT                 a minimal Kestrel app serving FILE's bytes from memory (the HTTP baseline)
return args switch
{
    ["cms-timings", var data, var content] => await CmsTimings.RunAsync(data, content),
    ["baseline", var file, var port] => await Baseline.RunAsync(file, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: cms-timings DATA_DIR CONTENT_DIR | baseline FILE PORT");
    return 2;
}
