using NeuroSharp.Spiking.NeuroMl;
using NeuroSharp.Spiking.Simulation;
using NeuroSharp.Testing;

namespace NeuroSharp.Tests.Spiking.NeuroMl;

/// <summary>LEMS OutputColumns and EventSelections on a population of instances: pop/ID/cell names the instance with that id, not the ID-th cell.</summary>
public class LemsInstanceIdTests
{
    private static string Lems(string column, string selection) => $"""
        <Lems>
          <Target component="sim"/>
          <iafCell id="iaf" C="3pF" leakConductance="0.3nS" leakReversal="-70mV" reset="-70mV" thresh="-50mV"/>
          <pulseGenerator id="drive" delay="0ms" duration="100ms" amplitude="9pA"/>
          <network id="net">
            <population id="pop" component="iaf" type="populationList">
              <instance id="5"><location x="0" y="0" z="0"/></instance>
              <instance id="2"><location x="1" y="0" z="0"/></instance>
              <instance id="9"><location x="2" y="0" z="0"/></instance>
            </population>
            <explicitInput target="../pop/9/iaf" input="drive"/>
          </network>
          <Simulation id="sim" length="50ms" step="0.05ms" target="net">
            <OutputFile id="of" fileName="v.dat"><OutputColumn id="c" quantity="{column}"/></OutputFile>
            <EventOutputFile id="ev" fileName="ev.spikes" format="TIME_ID"><EventSelection id="0" select="{selection}" eventPort="spike"/></EventOutputFile>
          </Simulation>
        </Lems>
        """;

    [Fact]
    public void InstanceIdsInPaths_NameTheInstance_NotThePosition()
    {
        using var dir = new TempDirectory();
        string path = dir.File("LEMS_ids.xml");
        File.WriteAllText(path, Lems("pop/9/iaf/v", "pop/9/iaf"));
        var sim = LemsFile.Load(path);
        // Instance 9 is the third cell (position 2), the only one driven (V_inf = -70 + 9 / 0.3 = -40 mV: it fires).
        Assert.Equal(2, sim.OutputFiles[0].Columns[0].Index);
        Assert.Equal(2, sim.EventFiles[0].Selections[0].Index);
        var engine = new SpikingEngine(sim.Network);
        var outputs = new LemsOutputs(sim, engine);
        engine.Run(1000);
        outputs.Write(engine, dir.Path);
        Assert.Equal(4, File.ReadAllLines(dir.File("ev.spikes")).Length); // period 10 ln 3 = 10.99 ms: 4 spikes in 50 ms
        // It depolarises up to the threshold (-50 mV); an undriven cell stays at -70 mV.
        Assert.True(File.ReadAllLines(dir.File("v.dat")).Max(l => double.Parse(l.Split('\t')[1], System.Globalization.CultureInfo.InvariantCulture)) > -0.0505);
        // pop[2] is the position: the same cell.
        File.WriteAllText(path, Lems("pop[2]/v", "pop[2]"));
        Assert.Equal(2, LemsFile.Load(path).OutputFiles[0].Columns[0].Index);
    }

    [Fact]
    public void AnIdNoInstanceHas_IsRefused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("LEMS_ids.xml");
        File.WriteAllText(path, Lems("pop/1/iaf/v", "pop/9/iaf"));
        var ex = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Contains("OutputColumn[@id='c'] @quantity is 'pop/1/iaf/v', but population 'pop' has no instance with id 1 (its instance ids: 5, 2, 9).", ex.Message);
        File.WriteAllText(path, Lems("pop/5/iaf/v", "pop/0/iaf"));
        ex = Assert.Throws<InvalidInputException>(() => LemsFile.Load(path));
        Assert.Contains("@select is 'pop/0/iaf', but population 'pop' has no instance with id 0", ex.Message);
    }
}
