using Forecasting;

namespace Forecasting.Tests;

public class HoldoutScoreTests
{
    [Fact]
    public void BothForecastsAreScoredOnTheSameWeeksOverallAndByLead()
    {
        var score = new HoldoutScore(horizon: 2);
        score.Add(lead: 1, actual: 370, model: 371, naive: 368);
        score.Add(lead: 2, actual: 370, model: 370, naive: 369);
        score.Add(lead: 2, actual: 372, model: 369, naive: 372);

        Assert.Equal(3, score.Count);
        Assert.Equal(4.0 / 3, score.ModelMae, 12);
        Assert.Equal(3.0 / 3, score.NaiveMae, 12);
        Assert.Equal((1.0, 2.0), score.Between(1, 1));
        Assert.Equal((1.5, 0.5), score.Between(2, 2));
    }
}
