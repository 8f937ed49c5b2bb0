using RnnAtlas.Benchmarks;

return args.FirstOrDefault() switch
{
    "train" => TrainBenchmark.Run(args[1..]),
    "train-anatomy" => TrainAnatomy.Run(args[1..]),
    "fixedpoints" => FixedPointBenchmark.Run(args[1..]),
    "fixedpoints-reference" => FixedPointReferenceCheck.Run(args[1..]),
    "similarity" => SimilarityBenchmark.Run(args[1..]),
    "dsa" => DsaBenchmark.Run(args[1..]),
    "lu" => LuBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/RnnAtlas.Benchmarks -- train [--cells vanilla,ugrnn,gru,lstm] [--hidden 64,128,256] [--tasks flipflop,sine] [--networks 8] [--repeats 3] [--peer-repeats 3] [--python /usr/bin/python3] [--no-peer]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/RnnAtlas.Benchmarks -- train-anatomy [--cells vanilla,ugrnn,gru,lstm] [--hidden 64,128,256] [--tasks flipflop,sine] [--repeats 5]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/RnnAtlas.Benchmarks -- fixedpoints [--cells vanilla,lstm,gru] [--hidden 64,128] [--repeats 3] [--no-peer] [--python /usr/bin/python3]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/RnnAtlas.Benchmarks -- fixedpoints-reference STUDY [--starts 8192] [--match ID-PART[,ID-PART…]] [--export DIR | --import DIR] [--python /usr/bin/python3]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/RnnAtlas.Benchmarks -- similarity [--networks 1000] [--samples 6400] [--units 128] [--peer-networks 5] [--python /usr/bin/python3] [--no-peer]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/RnnAtlas.Benchmarks -- dsa [--networks 1000] [--random-starts 4] [--python /usr/bin/python3] [--no-peer]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/RnnAtlas.Benchmarks -- lu [--sizes 64,128,256,512] [--python /usr/bin/python3] [--no-peer]");
    return 2;
}
