using System.Linq;
using System.Text;
using Forecasting;

namespace Forecasting.Tests;

public class ForecastWindowsTests
{
    /// <summary>60 weeks rising by 1 from 100, with week 55 missing.</summary>
    private static (WeeklySeries Series, GapFilling Data) Rising()
    {
        var text = new StringBuilder("date,co2\n");
        var start = new DateOnly(2000, 1, 1);
        for (int week = 0; week < 60; week++)
            text.Append($"{start.AddDays(7 * week):yyyyMMdd},{(week == 55 ? "" : (100 + week).ToString(System.Globalization.CultureInfo.InvariantCulture))}\n");
        var series = WeeklySeriesTests.Read(text.ToString());
        return (series, GapFilling.Fill(series, "test.csv"));
    }

    [Fact]
    public void TheLevelIsTheMeanOfTheLastYearOfTheWindow()
    {
        var (series, data) = Rising();
        var windows = new ForecastWindows(series, data, window: 54);

        Assert.Equal(53, windows.FirstOrigin);
        Assert.Equal(100 + ((2 + 53) / 2f), windows.Level(53)); // weeks 2..53
    }

    [Fact]
    public void InputsAreLevelRemovedScaledAndCarryTheFilledMark()
    {
        var (series, data) = Rising();
        var windows = new ForecastWindows(series, data, window: 4);
        float[] steps = windows.Inputs(origin: 56, scale: 2f);

        // Weeks 53..56, level 154.5; week 55 was filled.
        Assert.Equal([-0.75f, -0.25f, 0.25f, 0.75f], Enumerable.Range(0, 4).Select(s => steps[s * ForecastWindows.Features]));
        Assert.Equal([0f, 0f, 1f, 0f], Enumerable.Range(0, 4).Select(s => steps[(s * ForecastWindows.Features) + 1]));
        Assert.Equal([1.25f, 1.75f], windows.Targets(56, 2, 2f)); // weeks 57, 58
    }

    [Fact]
    public void AWindowWhoseTargetsIncludeAFilledWeekIsNotObserved()
    {
        var (series, data) = Rising();
        var windows = new ForecastWindows(series, data, window: 4);

        Assert.True(windows.TargetsObserved(origin: 50, count: 4));   // weeks 51..54
        Assert.False(windows.TargetsObserved(origin: 51, count: 4));  // weeks 52..55
    }
}
