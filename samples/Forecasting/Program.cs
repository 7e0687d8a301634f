using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AttentionGen.Checkpoints;
using AttentionGen.Reports;
using AttentionGen.Training;
using Forecasting;

// Forecasts weekly Mauna Loa CO2 52 weeks ahead: trains the declared attention model on 1958-1997, saves its weights
// with PyTorch names, loads them into an inference-only instance, and scores that instance's forecasts of 1998-2001
// against the seasonal-naive forecast (the same week one year earlier) on exactly the same target weeks.
ForecastOptions options;
try
{
    if (args is ["--help"] or ["-h"])
    {
        Console.WriteLine(ForecastOptions.Usage);
        return 0;
    }

    options = ForecastOptions.Parse(args);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"error: {e.Message} (--help lists the options)");
    return 2;
}

string csv = Path.Combine(AppContext.BaseDirectory, "data", "timeseries", "co2.csv");
WeeklySeries series;
GapFilling data;
try
{
    series = WeeklySeries.ReadCsv(csv);
    data = GapFilling.Fill(series, csv);
}
catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

var holdoutStart = new DateOnly(1998, 1, 1);
int holdout = series.IndexOnOrAfter(holdoutStart), weeks = series.Count;
Console.WriteLine($"Mauna Loa CO2: {weeks:N0} weeks, {series.DateOf(0):yyyy-MM-dd} to {series.DateOf(weeks - 1):yyyy-MM-dd}; "
    + $"{data.FilledCount} missing weeks filled by linear interpolation (longest gap {data.LongestGap} weeks) and marked as filled");
Console.WriteLine($"held out: {series.DateOf(holdout):yyyy-MM-dd} onwards ({weeks - holdout} weeks); window {options.Window} weeks, "
    + $"horizon {options.Horizon} weeks, seed {options.Seed}");

// Training examples: every origin whose window and all 52 following weeks lie before the held-out years, and whose
// 52 target weeks were all observed (a filled week is never a target: the model would learn our interpolation).
const int Ahead = Co2Forecaster.Outputs;
var windows = new ForecastWindows(series, data, options.Window);
var origins = new List<int>();
int skipped = 0;
for (int origin = windows.FirstOrigin; origin + Ahead < holdout; origin++)
{
    if (windows.TargetsObserved(origin, Ahead)) origins.Add(origin);
    else skipped++;
}

float scale = windows.Scale(origins.ToArray(), Ahead);
var train = origins.ConvertAll(origin => (windows.Inputs(origin, scale), windows.Targets(origin, Ahead, scale)));
Console.WriteLine($"training windows: {train.Count:N0} ({skipped} skipped: a target week was missing); scale {scale:F2} ppm");

const int BatchSize = 32;
var model = new Co2Forecaster(seed: options.Seed, maxBatch: BatchSize);
long steps = (long)options.Epochs * ((train.Count + BatchSize - 1) / BatchSize);
var trainer = model.Trainer(new SequenceRegression(), new AdamW(lr: 1e-3f), new TrainerOptions
{
    BatchSize = BatchSize,
    ShuffleSeed = options.Seed,
    MaxGradientNorm = 1f,
    LearningRate = LearningRateSchedule.WarmupCosine(peak: 1e-3f, warmupSteps: steps / 20, totalSteps: steps, minimum: 1e-5f),
});
Console.WriteLine($"Co2Forecaster: {Co2Forecaster.ParameterCount:N0} parameters; {options.Epochs} epochs, {steps:N0} steps of {BatchSize}");
var clock = Stopwatch.StartNew();
var history = trainer.Fit(train, options.Epochs);
clock.Stop();
foreach (var epoch in history.Epochs)
{
    if ((epoch.Epoch + 1) % Math.Max(1, options.Epochs / 6) == 0 || epoch.Epoch == 0 || epoch.Epoch == options.Epochs - 1)
        Console.WriteLine($"epoch {epoch.Epoch + 1,3}: train loss {epoch.TrainLoss:F4}, train MAE {epoch.TrainMetric * scale:F3} ppm");
}

Console.WriteLine($"trained in {clock.Elapsed.TotalSeconds:F1} s");

// The report folder: settings, the training curves, and (below) the held-out forecasts against what was observed.
var report = new RunReport("Forecasting weekly Mauna Loa CO2");
report.AddSetting("model", $"Co2Forecaster, {Co2Forecaster.ParameterCount:N0} parameters");
report.AddSetting("training", $"1958 to 1997: {train.Count:N0} windows, {options.Epochs} epochs, {steps:N0} steps of {BatchSize}, seed {options.Seed}");
report.AddSetting("window", $"{options.Window} weeks");
report.AddSetting("missing weeks", $"{data.FilledCount} filled by linear interpolation, marked as filled, never a target");
report.SetAxes("Training loss", "epoch", "mean squared error (scaled units)");
report.SetAxes("Training MAE", "epoch", "mean absolute error (ppm)");
foreach (var epoch in history.Epochs)
{
    report.AddPoint("Training loss", "train", epoch.Epoch + 1, epoch.TrainLoss);
    report.AddPoint("Training MAE", "train", epoch.Epoch + 1, epoch.TrainMetric * scale);
}

// Save the weights (PyTorch names) with what serving needs to rebuild the inputs, then serve from a fresh,
// inference-only instance that reads everything from the file.
string weights = Path.Combine(Path.GetTempPath(), "co2-forecaster.safetensors");
Checkpoint.SaveWeights(model, weights, new Dictionary<string, string>
{
    ["scale_ppm"] = scale.ToString("R", CultureInfo.InvariantCulture),
    ["window_weeks"] = options.Window.ToString(CultureInfo.InvariantCulture),
});
var served = new Co2Forecaster(maxBatch: 64, inferenceOnly: true);
float servedScale;
int servedWindow;
using (var file = Safetensors.Open(weights))
{
    Checkpoint.LoadWeights(served, file);
    servedScale = float.Parse(file.Metadata["scale_ppm"], CultureInfo.InvariantCulture);
    servedWindow = int.Parse(file.Metadata["window_weeks"], CultureInfo.InvariantCulture);
}

Console.WriteLine($"saved {weights} and loaded it into an inference-only Co2Forecaster");

// Rolling origins over the held-out years: every week from the last one before 1998 to the last with a whole
// horizon after it. Each forecast is scored on its target weeks that were observed; the seasonal-naive forecast of
// a target week is the value 52 weeks earlier, which is known at the origin for every horizon up to 52 (it would be
// the filled value if that week had been missing; no week of 1997-2001 is).
var servedWindows = new ForecastWindows(series, data, servedWindow);
var score = new HoldoutScore(options.Horizon);
int first = holdout - 1, last = weeks - 1 - options.Horizon;
var lastForecast = new float[Ahead];
string forecastChart = $"Held-out years: forecasts made {options.Horizon} weeks ahead";
report.SetAxes(forecastChart, "year", "CO2 (ppm)");
for (int start = first; start <= last; start += 64)
{
    int batch = Math.Min(64, last - start + 1);
    var inputs = new float[batch * servedWindow * ForecastWindows.Features];
    for (int b = 0; b < batch; b++) servedWindows.Inputs(start + b, servedScale).CopyTo(inputs, b * servedWindow * ForecastWindows.Features);
    var outputs = served.Forward(inputs, batch, servedWindow);
    for (int b = 0; b < batch; b++)
    {
        int origin = start + b;
        float level = servedWindows.Level(origin);
        for (int lead = 1; lead <= options.Horizon; lead++)
        {
            int week = origin + lead;
            float forecast = level + (outputs[(b * Ahead) + lead - 1] * servedScale);
            if (origin == last) lastForecast[lead - 1] = forecast;
            if (!data.Filled[week]) score.Add(lead, data.Values[week], forecast, data.Values[week - 52]);
            if (lead == options.Horizon) report.AddPoint(forecastChart, "model forecast", YearOf(series.DateOf(week)), forecast);
        }
    }
}

for (int week = first + options.Horizon; week <= last + options.Horizon; week++)
{
    if (!data.Filled[week]) report.AddPoint(forecastChart, "observed", YearOf(series.DateOf(week)), data.Values[week]);
}

Console.WriteLine();
Console.WriteLine($"Held-out forecasts: {last - first + 1} origins ({series.DateOf(first):yyyy-MM-dd} to {series.DateOf(last):yyyy-MM-dd}), "
    + $"{score.Count:N0} scored target weeks, 1 to {options.Horizon} weeks ahead");
Console.WriteLine("| forecast | MAE (ppm) |");
Console.WriteLine("| --- | ---: |");
Console.WriteLine($"| Co2Forecaster | {score.ModelMae:F3} |");
Console.WriteLine($"| seasonal naive (same week a year earlier) | {score.NaiveMae:F3} |");
Console.WriteLine($"| ratio model / naive | {score.ModelMae / score.NaiveMae:F3} |");
Console.WriteLine($"| training time | {clock.Elapsed.TotalSeconds:F1} s |");
Console.WriteLine($"| parameters | {Co2Forecaster.ParameterCount:N0} |");
Console.WriteLine();
for (int from = 1; from <= options.Horizon; from += 13)
{
    int to = Math.Min(options.Horizon, from + 12);
    var (m, n) = score.Between(from, to);
    Console.WriteLine($"MAE {from,2}-{to,2} weeks ahead: model {m:F3} ppm, seasonal naive {n:F3} ppm");
}

Console.WriteLine($"\nForecast from {series.DateOf(last):yyyy-MM-dd} (ppm):");
for (int lead = Math.Min(4, options.Horizon); lead <= options.Horizon; lead += Math.Max(1, options.Horizon / 6))
{
    int week = last + lead;
    Console.WriteLine($"  {series.DateOf(week):yyyy-MM-dd}: model {lastForecast[lead - 1]:F1}, seasonal naive {data.Values[week - 52]:F1}, observed {data.Values[week]:F1}");
}

report.AddResult("held-out MAE, Co2Forecaster", $"{score.ModelMae:F3} ppm over {score.Count:N0} target weeks, 1 to {options.Horizon} weeks ahead");
report.AddResult("held-out MAE, seasonal naive", $"{score.NaiveMae:F3} ppm (the same week one year earlier)");
report.AddResult("training time", $"{clock.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"\nreport: {report.Write("forecasting-report")}");

if (score.ModelMae >= score.NaiveMae)
{
    Console.Error.WriteLine($"error: the model's MAE {score.ModelMae:F3} ppm does not beat the seasonal-naive {score.NaiveMae:F3} ppm; train longer (--epochs).");
    return 3;
}

return 0;

// A date as a fractional year, for the forecast chart's x axis.
static double YearOf(DateOnly date) => date.Year + (date.DayOfYear - 1) / (DateTime.IsLeapYear(date.Year) ? 366.0 : 365.0);
