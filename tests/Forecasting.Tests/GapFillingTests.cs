using System.IO;
using Forecasting;

namespace Forecasting.Tests;

public class GapFillingTests
{
    [Fact]
    public void AGapIsInterpolatedLinearlyAndMarked()
    {
        var series = WeeklySeriesTests.Read("date,co2\n20000101,300\n20000108,\n20000115,\n20000122,303\n20000129,304\n");

        var filled = GapFilling.Fill(series, "test.csv");

        Assert.Equal([300f, 301f, 302f, 303f, 304f], filled.Values);
        Assert.Equal([false, true, true, false, false], filled.Filled);
        Assert.Equal(2, filled.LongestGap);
        Assert.Equal(2, filled.FilledCount);
    }

    [Fact]
    public void GapsAtTheEdgesAreRefusedNotGuessed()
    {
        var atStart = Assert.Throws<InvalidDataException>(() => GapFilling.Fill(WeeklySeriesTests.Read("date,co2\n20000101,\n20000108,301\n"), "test.csv"));
        var atEnd = Assert.Throws<InvalidDataException>(() => GapFilling.Fill(WeeklySeriesTests.Read("date,co2\n20000101,300\n20000108,\n"), "test.csv"));

        Assert.Equal("test.csv: the first 1 weeks (from 2000-01-01) are missing; a gap at the start has no earlier value to interpolate from.", atStart.Message);
        Assert.Equal("test.csv: the last 1 weeks (from 2000-01-08) are missing; a gap at the end has no later value to interpolate from.", atEnd.Message);
    }

    [Fact]
    public void TheShippedSeriesHasNoGapInTheHeldOutYears()
    {
        var series = WeeklySeries.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "timeseries", "co2.csv"));
        var filled = GapFilling.Fill(series, "co2.csv");

        Assert.Equal(59, filled.FilledCount);
        Assert.Equal(18, filled.LongestGap);
        Assert.DoesNotContain(true, filled.Filled[series.IndexOnOrAfter(new DateOnly(1997, 1, 1))..]);
        Assert.All(filled.Values, v => Assert.True(float.IsFinite(v)));
    }
}
