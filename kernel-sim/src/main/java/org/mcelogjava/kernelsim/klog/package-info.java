/** The kernel's printk ring ({@link org.mcelogjava.kernelsim.klog.KernelLog}), readable like dmesg. */
package org.mcelogjava.kernelsim.klog;
