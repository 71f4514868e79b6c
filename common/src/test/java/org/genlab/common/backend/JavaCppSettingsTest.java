package org.genlab.common.backend;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavaCppSettingsTest {
    @Test
    void switchesTheRssCheckOffUnlessTheUserSetALimit() {
        String before = System.getProperty(JavaCppSettings.MAX_PHYSICAL_BYTES);
        try {
            System.clearProperty(JavaCppSettings.MAX_PHYSICAL_BYTES);
            JavaCppSettings.apply();
            assertEquals("0", System.getProperty(JavaCppSettings.MAX_PHYSICAL_BYTES));
            System.setProperty(JavaCppSettings.MAX_PHYSICAL_BYTES, "12g");
            JavaCppSettings.apply();
            assertEquals("12g", System.getProperty(JavaCppSettings.MAX_PHYSICAL_BYTES));
        } finally {
            if (before == null) System.clearProperty(JavaCppSettings.MAX_PHYSICAL_BYTES);
            else System.setProperty(JavaCppSettings.MAX_PHYSICAL_BYTES, before);
        }
    }
}
