package org.jcare.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Jcare.class.getPackage().getImplementationVersion();
        return new String[] {"jcare " + (v == null ? "development build" : v)};
    }
}
