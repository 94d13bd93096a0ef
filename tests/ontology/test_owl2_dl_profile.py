"""The ontology is in the OWL 2 DL profile, as checked by the OWL API bundled with HermiT.

That OWL API (3.x) predates RDF 1.1 and does not know rdf:langString, so the only violations
it may report are "unknown datatype rdf:langString"; newer OWL 2 tools accept it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kg.resources import ontology_path

CHECKER = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

public class DLCheck {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager m = OWLManager.createOWLOntologyManager();
        OWLOntology o = m.loadOntologyFromOntologyDocument(new File(args[0]));
        for (OWLProfileViolation v : new OWL2DLProfile().checkOntology(o).getViolations()) {
            System.out.println("VIOLATION " + v.toString().replace('\\n', ' '));
        }
        System.out.println("AXIOMS " + o.getAxiomCount());
    }
}
"""


@pytest.mark.skipif(
    shutil.which("java") is None or shutil.which("javac") is None,
    reason="needs a Java development kit (the checker runs as a Java source file)",
)
def test_owl2_dl_profile(tmp_path: Path) -> None:
    owlready2 = pytest.importorskip("owlready2")
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    if not jar.is_file():
        pytest.skip("owlready2 ships no HermiT.jar here")
    source = tmp_path / "DLCheck.java"
    source.write_text(CHECKER, encoding="utf-8")
    run = subprocess.run(
        ["java", "-cp", str(jar), str(source), str(ontology_path())],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert any(line.startswith("AXIOMS ") and int(line.split()[1]) > 300 for line in lines), run.stdout
    violations = [line for line in lines if line.startswith("VIOLATION")]
    unexpected = [v for v in violations if "unknown datatype: rdf:langString" not in v]
    assert unexpected == []
