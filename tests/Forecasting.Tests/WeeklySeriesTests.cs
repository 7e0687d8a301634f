using System.IO;
using System.Linq;
using Forecasting;

namespace Forecasting.Tests;

public class WeeklySeriesTests
{
    [Fact]
    public void ReadsTheShippedCo2File()
    {
        var series = WeeklySeries.ReadCsv(Path.Combine(AppContext.BaseDirectory, "data", "timeseries", "co2.csv"));

        Assert.Equal(2284, series.Count);
        Assert.Equal(new DateOnly(1958, 3, 29), series.DateOf(0));
        Assert.Equal(new DateOnly(2001, 12, 29), series.DateOf(series.Count - 1));
        Assert.Equal(59, series.Values.Count(v => v is null));
        Assert.Equal(316.1, series.Values[0]);
    }

    [Fact]
    public void AnEmptyValueIsAMissingWeek()
    {
        var series = Read("date,co2\n19580329,316.1\n19580405,\n19580412,317.6\n");

        Assert.Equal([316.1, null, 317.6], series.Values);
    }

    [Theory]
    [InlineData("date,co2\n19580329,316.1\n19580405,abc\n", "test.csv, line 3: the value 'abc' is not a finite number")]
    [InlineData("date,co2\n19580329,NaN\n", "test.csv, line 2: the value 'NaN' is not a finite number")]
    [InlineData("date,co2\n1958-03-29,316.1\n", "test.csv, line 2: the date '1958-03-29' is not a date written yyyyMMdd")]
    [InlineData("date,co2\n19580329,316.1\n19580412,317.6\n", "test.csv, line 3: the date 1958-04-12 follows 1958-03-29; weeks must be exactly 7 days apart")]
    [InlineData("date,co2\n19580329,316.1,1\n", "test.csv, line 2: '19580329,316.1,1' does not have two comma-separated columns")]
    [InlineData("date,co2\n19580329,316.1\n\n19580405,317.3\n", "test.csv, line 3: '' does not have two comma-separated columns")]
    [InlineData("co2,date\n", "test.csv, line 1: the header is 'co2,date'")]
    [InlineData("", "test.csv, line 1: the file is empty")]
    [InlineData("date,co2\n", "test.csv, line 1: the file has a header but no weeks")]
    public void AMalformedLineIsNamedWithItsFileLineAndText(string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(text));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<FileNotFoundException>(() => WeeklySeries.ReadCsv("no/such/co2.csv"));

        Assert.Contains("no/such/co2.csv", error.Message);
    }

    internal static WeeklySeries Read(string text) => WeeklySeries.ReadCsv(new StringReader(text), "test.csv");
}
